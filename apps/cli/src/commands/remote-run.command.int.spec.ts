import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { RunStatus } from '@shakedown/core/contract';
import { summarise, writeJunitReport, type Report } from '@shakedown/core/report';

import { runCli } from '../cli';
import { captureIo } from '../testing/capture-io';

// `remote run` over real HTTP against a small server that speaks the API contract
// (packages/core/src/contract). remote.int.spec.ts runs it against the real API.

const TARGET_ID = '01934f6a-0000-7000-8000-000000000001';
const RUN_ID = '01934f6a-0000-7000-8000-0000000000aa';
const PREVIOUS_RUN_ID = '01934f6a-0000-7000-8000-0000000000a9';
const KEY = 'sk_test_123';

const REPORT: Report = (() => {
  const checks = [
    { code: 'tenant.cross_read', route: 'orders', status: 'failed' as const },
    { code: 'schema.deep_nesting_accepted', route: 'orders', status: 'passed' as const },
  ];
  const findings = [
    {
      code: 'tenant.cross_read',
      probe: 'tenant' as const,
      route: 'orders',
      severity: 'critical' as const,
      title: "bob reads alice's order",
      detail: 'GET /orders/1 as bob answered 200 with alice’s order.',
      evidence: { exchanges: [] },
    },
  ];
  return {
    version: 1,
    target: 'orders-api',
    startedAt: '2026-11-28T12:00:00.000Z',
    finishedAt: '2026-11-28T12:00:03.000Z',
    summary: summarise(checks, findings),
    checks,
    findings,
  };
})();

interface Scenario {
  /** Statuses the run goes through, one per GET /runs/:id. */
  statuses: RunStatus[];
  failureReason?: string;
  /** Answer the first N requests with 503. */
  unavailableFirst?: number;
  report?: Report;
  /** Answer GET /runs/:id with a document that is not a run. */
  brokenRun?: boolean;
  /** The report of the target's last completed run (none: the target has no completed run). */
  previousReport?: Report;
}

interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  idempotencyKey?: string;
  body?: unknown;
}

function run(status: string, polls: number, failureReason: string | null = null) {
  return {
    id: RUN_ID,
    targetId: TARGET_ID,
    status,
    trigger: 'ci',
    probes: [],
    progressDone: Math.min(polls, 3),
    progressTotal: 3,
    currentProbe: status === 'running' ? 'tenant' : null,
    createdAt: '2026-11-28T12:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    cancelRequestedAt: null,
    failureReason,
    summary: null,
    regressionCount: null,
    triggeredByUserId: null,
    triggeredByApiKeyId: null,
    scheduleId: null,
  };
}

function target(name: string) {
  return {
    id: TARGET_ID,
    name,
    baseUrl: 'http://127.0.0.1:4010',
    config: { version: 1 },
    verification: {
      status: 'verified',
      method: 'allowlist',
      token: 'sd-verify-1',
      httpUrl: 'http://127.0.0.1:4010/.well-known/shakedown-verification.txt',
      dnsRecord: '_shakedown.127.0.0.1',
      verifiedAt: '2026-11-28T11:00:00.000Z',
      checkedAt: '2026-11-28T11:00:00.000Z',
      error: null,
    },
    schedule: null,
    createdAt: '2026-11-28T11:00:00.000Z',
    updatedAt: '2026-11-28T11:00:00.000Z',
  };
}

async function startFakeApi(scenario: Scenario) {
  const recorded: Recorded[] = [];
  let polls = 0;
  let unavailable = scenario.unavailableFirst ?? 0;
  const send = (
    response: ServerResponse,
    status: number,
    body: unknown,
    type = 'application/json',
  ) => {
    response.writeHead(status, { 'content-type': type });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    for await (const chunk of request) raw += String(chunk);
    const url = new URL(request.url ?? '/', 'http://x');
    recorded.push({
      method: request.method ?? '',
      url: `${url.pathname}${url.search}`,
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      ...(typeof request.headers['idempotency-key'] === 'string'
        ? { idempotencyKey: request.headers['idempotency-key'] }
        : {}),
      ...(raw ? { body: JSON.parse(raw) as unknown } : {}),
    });
    if (unavailable > 0) {
      unavailable -= 1;
      return send(response, 503, {
        error: { code: 'service_unavailable', message: 'Redis is down', requestId: 'r-503' },
      });
    }
    if (request.headers.authorization !== `Bearer ${KEY}`) {
      return send(response, 401, {
        error: { code: 'unauthenticated', message: 'Invalid API key', requestId: 'r-401' },
      });
    }
    const path = url.pathname;
    if (request.method === 'GET' && path === '/api/targets') {
      const name = url.searchParams.get('name');
      const items = name === 'orders-api' ? [target('orders-api')] : [];
      return send(response, 200, { items, nextCursor: null });
    }
    if (request.method === 'GET' && path === '/api/runs') {
      const previous = { ...run('completed', 3), id: PREVIOUS_RUN_ID };
      return send(response, 200, {
        items: scenario.previousReport ? [previous] : [],
        nextCursor: null,
      });
    }
    if (request.method === 'GET' && path === `/api/runs/${PREVIOUS_RUN_ID}/report`) {
      return send(response, 200, scenario.previousReport);
    }
    if (request.method === 'POST' && path === `/api/targets/${TARGET_ID}/runs`) {
      return send(response, 202, run('queued', 0));
    }
    if (request.method === 'GET' && path === `/api/runs/${RUN_ID}`) {
      if (scenario.brokenRun) return send(response, 200, { id: RUN_ID, status: 'paused' });
      const status = scenario.statuses[Math.min(polls, scenario.statuses.length - 1)]!;
      polls += 1;
      return send(response, 200, run(status, polls, scenario.failureReason ?? null));
    }
    if (request.method === 'POST' && path === `/api/runs/${RUN_ID}/cancel`) {
      return send(response, 202, run('running', polls));
    }
    if (request.method === 'GET' && path === `/api/runs/${RUN_ID}/report`) {
      const report = scenario.report ?? REPORT;
      if (url.searchParams.get('format') === 'junit') {
        return send(response, 200, writeJunitReport(report), 'application/xml');
      }
      return send(response, 200, report);
    }
    return send(response, 404, {
      error: { code: 'not_found', message: 'no such route', requestId: 'r-404' },
    });
  };
  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: `http://127.0.0.1:${port}/api`,
    recorded,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function remote(args: string[], env: Record<string, string> = {}) {
  const io = captureIo({ env });
  const code = await runCli(['node', 'shakedown', 'remote', 'run', ...args], io, {
    loadEngine: () => {
      throw new Error('remote run must not load the local engine');
    },
    version: '1.2.3',
    pollIntervalMs: 10,
  });
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

describe('shakedown remote run (against a server speaking the API contract)', () => {
  let api: Awaited<ReturnType<typeof startFakeApi>> | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('starts a CI run with an idempotency key, follows it and prints the report', async () => {
    api = await startFakeApi({ statuses: ['running', 'running', 'completed'] });
    const { code, stdout, stderr } = await remote([
      '--api',
      api.api,
      '--token',
      KEY,
      '--target',
      'orders-api',
      '--probes',
      'tenant,schema',
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^critical +tenant\.cross_read +orders +bob reads alice's order$/m);
    expect(stderr).toContain(`Run ${RUN_ID} queued for target orders-api.`);
    expect(stderr).toContain('[1/3] tenant');
    const create = api.recorded.find((r) => r.method === 'POST' && r.url.endsWith('/runs'));
    expect(create?.body).toEqual({ probes: ['tenant', 'schema'], trigger: 'ci' });
    expect(create?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.recorded.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(api.recorded[0]?.url).toBe('/api/targets?name=orders-api');
  });

  it('writes the format the service renders, and takes the key from SHAKEDOWN_API_KEY', async () => {
    api = await startFakeApi({ statuses: ['completed'] });
    const { code, stdout } = await remote(
      ['--api', api.api, '--target', 'orders-api', '--format', 'junit', '--fail-on', 'critical'],
      { SHAKEDOWN_API_KEY: KEY },
    );
    expect(code).toBe(1);
    expect(stdout).toContain('<testsuites name="shakedown orders-api"');
    expect(api.recorded.some((r) => r.url === `/api/runs/${RUN_ID}/report?format=junit`)).toBe(
      true,
    );
  });

  it('prints the JSON report as served, and exits 0 when nothing reaches --fail-on', async () => {
    const clean: Report = { ...REPORT, findings: [], summary: summarise(REPORT.checks, []) };
    api = await startFakeApi({ statuses: ['completed'], report: clean });
    const { code, stdout } = await remote([
      '--api',
      api.api,
      '--token',
      KEY,
      '--target',
      'orders-api',
      '-f',
      'json',
    ]);
    expect(JSON.parse(stdout)).toEqual(clean);
    expect(code).toBe(0);
  });

  it("exits 2 with the API's message for a rejected key", async () => {
    api = await startFakeApi({ statuses: ['completed'] });
    const { code, stderr } = await remote([
      '--api',
      api.api,
      '--token',
      'wrong',
      '--target',
      'orders-api',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('Invalid API key (unauthenticated, request r-401)');
  });

  it('exits 2 for a target name the organisation does not have', async () => {
    api = await startFakeApi({ statuses: ['completed'] });
    const { code, stderr } = await remote(['--api', api.api, '--token', KEY, '--target', 'nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('no target named "nope"');
  });

  it('exits 3 with the reason when the run failed', async () => {
    api = await startFakeApi({
      statuses: ['running', 'failed'],
      failureReason: 'target unreachable',
    });
    const { code, stderr } = await remote([
      '--api',
      api.api,
      '--token',
      KEY,
      '--target',
      'orders-api',
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain(`run ${RUN_ID} failed: target unreachable`);
  });

  it('retries a service that is briefly unavailable', async () => {
    api = await startFakeApi({ statuses: ['completed'], unavailableFirst: 1 });
    const { code } = await remote(['--api', api.api, '--token', KEY, '--target', 'orders-api']);
    expect(code).toBe(1);
    expect(api.recorded.filter((r) => r.url === '/api/targets?name=orders-api')).toHaveLength(2);
  });

  it('exits 3 and asks for a cancel when the run outlives --timeout', async () => {
    api = await startFakeApi({ statuses: ['running'] });
    const { code, stderr } = await remote([
      '--api',
      api.api,
      '--token',
      KEY,
      '--target',
      'orders-api',
      '--timeout',
      '1s',
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain('did not finish within --timeout');
    expect(
      api.recorded.some((r) => r.method === 'POST' && r.url === `/api/runs/${RUN_ID}/cancel`),
    ).toBe(true);
  });

  it('exits 3 when an answer breaks the contract, without retrying it', async () => {
    api = await startFakeApi({ statuses: ['running'], brokenRun: true });
    const orders = ['--target', 'orders-api'];
    const { code, stderr } = await remote(['--api', api.api, '--token', KEY, ...orders]);
    expect(code).toBe(3);
    expect(stderr).toContain('the Shakedown API sent an answer that does not match the contract');
    expect(api.recorded.filter((r) => r.url === `/api/runs/${RUN_ID}`)).toHaveLength(1);
  });

  it('exits 3 when the service cannot be reached', async () => {
    api = await startFakeApi({ statuses: ['completed'] });
    const { api: url } = api;
    await api.close();
    api = undefined;
    const { code, stderr } = await remote(['--api', url, '--token', KEY, '--target', 'orders-api']);
    expect(code).toBe(3);
    expect(stderr).toContain('cannot reach the Shakedown API');
  });

  describe('--baseline previous', () => {
    const args = (api: string) => ['--api', api, '--token', KEY, '--target', 'orders-api'];

    it("compares with the target's last completed run, rendering JUnit itself", async () => {
      api = await startFakeApi({ statuses: ['completed'], previousReport: REPORT });
      const { code, stdout, stderr } = await remote([
        ...args(api.api),
        '--baseline',
        'previous',
        '--format',
        'junit',
      ]);
      expect(code).toBe(0);
      expect(stderr).toContain(
        `Baseline (run ${PREVIOUS_RUN_ID}): 0 new, 1 still present, 0 fixed`,
      );
      expect(stdout).toContain('name="tenant.cross_read [orders] (still present)"');
      const urls = api.recorded.map((r) => r.url);
      expect(urls).toContain(`/api/runs?targetId=${TARGET_ID}&status=completed&limit=1`);
      expect(urls).toContain(`/api/runs/${PREVIOUS_RUN_ID}/report?format=json`);
      // The service's JUnit knows no baseline: it is not fetched.
      expect(urls).not.toContain(`/api/runs/${RUN_ID}/report?format=junit`);
      // The baseline is read before the run starts.
      const list = urls.indexOf(`/api/runs?targetId=${TARGET_ID}&status=completed&limit=1`);
      expect(list).toBeLessThan(urls.indexOf(`/api/targets/${TARGET_ID}/runs`));
    });

    it('counts every finding as new when the target has no completed run yet', async () => {
      api = await startFakeApi({ statuses: ['completed'] });
      const { code, stdout, stderr } = await remote([...args(api.api), '--baseline', 'previous']);
      expect(code).toBe(1);
      expect(stderr).toContain('No completed run of orders-api yet: every finding counts as new.');
      expect(stdout).toContain('Baseline (no previous run): 1 new, 0 still present, 0 fixed');
    });
  });
});
