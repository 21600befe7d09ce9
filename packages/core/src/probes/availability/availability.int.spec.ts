import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ConfigInput } from '../../config/config.schema';
import type { Report } from '../../report/report.schema';
import { checkOf, findingOf, runSuite } from '../../../test/targets/run-probe';
import { startTarget, type RunningTarget } from '../../../test/targets/start-target';
import { AVAILABILITY } from './availability.phase';

/**
 * A things API whose JSON parser chokes on deep nesting: after such a body it answers 500 to
 * everything, for ever (`recoverAfterMs` undefined) or for a while. `deep: 'reject'` is the
 * correct server: 400 and healthy.
 */
interface ThingsBehaviour {
  deep: 'break' | 'reject';
  recoverAfterMs?: number;
  /** The health route answers 500 from the start. */
  healthBroken?: boolean;
}

function depthOf(text: string): number {
  let depth = 0;
  let max = 0;
  for (const char of text) {
    if (char === '[' || char === '{') max = Math.max(max, ++depth);
    else if (char === ']' || char === '}') depth -= 1;
  }
  return max;
}

async function startThings(behaviour: ThingsBehaviour): Promise<RunningTarget> {
  let brokenUntil: number | undefined;
  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  return startTarget((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (brokenUntil !== undefined && Date.now() < brokenUntil) {
        answer(response, 500, { error: 'internal error' });
        return;
      }
      if (request.url === '/health') {
        answer(response, behaviour.healthBroken ? 500 : 200, { ok: !behaviour.healthBroken });
        return;
      }
      if (request.method === 'GET') {
        answer(response, 200, { items: [] });
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (depthOf(text) > 32) {
        if (behaviour.deep === 'break') {
          brokenUntil = Date.now() + (behaviour.recoverAfterMs ?? Number.POSITIVE_INFINITY);
          answer(response, 500, { error: 'stack overflow' });
        } else {
          answer(response, 400, { error: 'nested too deeply' });
        }
        return;
      }
      try {
        const body = JSON.parse(text) as unknown;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error();
        answer(response, 400, { error: 'this test API stores nothing' });
      } catch {
        answer(response, 400, { error: 'malformed JSON' });
      }
    });
  });
}

function configOf(target: RunningTarget, recoveryWait: string): ConfigInput {
  return {
    version: 1,
    target: {
      name: 'things',
      baseUrl: target.url,
      healthcheck: { path: '/health', recoveryWait },
      budget: { maxRps: 1000 },
    },
    routes: [
      { id: 'create-thing', method: 'POST', path: '/things', body: { name: 'lamp', size: 3 } },
      { id: 'list-things', method: 'GET', path: '/things' },
    ],
  };
}

describe('availability.broken_by_request', () => {
  let target: RunningTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  async function run(behaviour: ThingsBehaviour, recoveryWait = '1s'): Promise<Report> {
    target = await startThings(behaviour);
    return runSuite(configOf(target, recoveryWait), ['schema', 'payload', 'errors']);
  }

  it('names the deep body that left the target answering 500, first in the report', async () => {
    const report = await run({ deep: 'break' });
    const finding = findingOf(report, AVAILABILITY, 'create-thing');
    expect(report.findings[0]).toBe(finding);
    expect(report.checks[0]!.code).toBe(AVAILABILITY);
    expect(finding.severity).toBe('critical');
    expect(finding.title).toMatch(/stopped working after POST \/things .*nested/);
    expect(finding.detail).toMatch(/had not recovered 1\.0 s later/);
    expect(finding.evidence.recovered).toBe(false);
    const [culprit, ...health] = finding.evidence.exchanges;
    expect(culprit!.request.url).toMatch(/\/things$/);
    expect(culprit!.request.bodyPreview ?? '').toMatch(/^\{.*\[\[\[\[/);
    expect(health.map((exchange) => exchange.response?.status)).toContain(500);
    // Nothing after it counts as passed or skipped: the payload probe never ran.
    for (const code of ['payload.oversize_accepted', 'payload.oversize_5xx']) {
      const check = checkOf(report, code, 'create-thing');
      expect(check.status).toBe('error');
      expect(check.reason).toMatch(/^the target stopped answering after POST \/things/);
    }
    expect(checkOf(report, AVAILABILITY, 'list-things').status).toBe('error');
    expect(checkOf(report, 'schema.deep_nesting_accepted', 'create-thing').status).toBe('error');
  });

  it('says so when the target recovers within the wait, and still stops the run', async () => {
    const report = await run({ deep: 'break', recoverAfterMs: 1_200 }, '10s');
    const finding = findingOf(report, AVAILABILITY, 'create-thing');
    expect(finding.evidence.recovered).toBe(true);
    expect(finding.evidence.recoveredAfterMs).toEqual(expect.any(Number));
    expect(finding.detail).toMatch(/It recovered \d+\.\d s after the failed health check/);
    expect(finding.evidence.exchanges.at(-1)!.response?.status).toBe(200);
    expect(checkOf(report, 'payload.oversize_accepted', 'create-thing').status).toBe('error');
  });

  it('passes a target that refuses the deep body and keeps answering', async () => {
    const report = await run({ deep: 'reject' });
    expect(report.findings.map((finding) => finding.code)).not.toContain(AVAILABILITY);
    expect(checkOf(report, AVAILABILITY, 'create-thing').status).toBe('passed');
    expect(checkOf(report, AVAILABILITY, 'list-things').status).toBe('passed');
    expect(checkOf(report, 'schema.deep_nesting_accepted', 'create-thing').status).toBe('passed');
    expect(checkOf(report, 'payload.oversize_5xx', 'create-thing').status).not.toBe('error');
    // A health check after each risky request: malformed ×3, deep ×1, oversize ×3 at least.
    const health = target!.seen.filter((request) => request.url === '/health');
    expect(health.length).toBeGreaterThanOrEqual(8);
  });

  it('is skipped when the health check fails before the run', async () => {
    const report = await run({ deep: 'reject', healthBroken: true });
    const check = checkOf(report, AVAILABILITY, 'create-thing');
    expect(check.status).toBe('skipped');
    expect(check.reason).toMatch(/health check GET \/health answered 500 before the run/);
  });
});
