import type { Db } from '@shakedown/db';
import { ReportSchema } from '@shakedown/core/report';
import { runCancelChannel, runProgressChannel } from '@shakedown/core/jobs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

import {
  call,
  errorOf,
  keyCaller,
  signUpWithOrg,
  type Caller,
  type SessionCaller,
} from '../../test/client';
import { startTestApi, TEST_REDIS_URL, type TestApi } from '../../test/harness';
import { configDocument, openDb, seedCompletedRun } from '../../test/world';

type RunAnswer = {
  id: string;
  status: string;
  trigger: string;
  targetId: string;
  cancelRequestedAt: string | null;
};

describe('runs: start, follow, cancel, findings, comparison, reports', () => {
  let api: TestApi;
  let db: Db;
  let owner: SessionCaller;
  let ci: Caller;
  let redis: Redis;
  let probeRuns: Queue;

  async function newTarget(name: string): Promise<string> {
    const answer = await call<{ id: string }>(api, owner, 'POST', '/targets', {
      body: configDocument(name),
    });
    expect(answer.status).toBe(201);
    return answer.body.id;
  }

  beforeAll(async () => {
    api = await startTestApi();
    db = openDb(api);
    owner = await signUpWithOrg(api);
    const key = await call<{ key: string }>(api, owner, 'POST', '/api-keys', {
      body: { name: 'ci' },
    });
    ci = keyCaller(key.body.key);
    // Several tests leave runs active (queued, running) on their own targets.
    await db.org.update({ where: { id: owner.orgId! }, data: { maxConcurrentRuns: 50 } });
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    probeRuns = new Queue('probe-runs', { connection: redis, prefix: api.config.REDIS_PREFIX });
  });

  afterAll(async () => {
    await probeRuns.close();
    redis.disconnect();
    await db.$disconnect();
    await api.close();
  });

  it('queues a run (202) with a config snapshot and a ProbeRunJob, one active run per target', async () => {
    const targetId = await newTarget('queued');
    const started = await call<RunAnswer>(api, ci, 'POST', `/targets/${targetId}/runs`, {
      body: { probes: ['schema', 'idempotency'] },
      headers: { 'Idempotency-Key': 'start-1' },
    });
    expect(started.status).toBe(202);
    expect(started.body).toEqual(
      expect.objectContaining({ status: 'queued', trigger: 'api', targetId }),
    );
    const job = await probeRuns.getJob(`probe-run-${started.body.id}`);
    expect(job?.name).toBe('probe-run');
    expect(job?.data).toEqual({
      runId: started.body.id,
      orgId: owner.orgId,
      probes: ['schema', 'idempotency'],
    });
    expect(job?.opts.attempts).toBe(3);
    const stored = await db.run.findUniqueOrThrow({ where: { id: started.body.id } });
    expect((stored.config as { target: { name: string } }).target.name).toBe('queued');

    const second = await call(api, owner, 'POST', `/targets/${targetId}/runs`, {
      body: { trigger: 'ci' },
    });
    expect(errorOf(second)).toEqual({ status: 409, code: 'run_already_active' });
    const get = await call<RunAnswer>(api, owner, 'GET', `/runs/${started.body.id}`);
    expect(get.body.status).toBe('queued');
    const badProbe = await call(api, owner, 'POST', `/targets/${targetId}/runs`, {
      body: { probes: ['nmap'] },
    });
    expect(errorOf(badProbe)).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('enforces the organisation’s concurrent and daily limits', async () => {
    const org = await signUpWithOrg(api, 'limited');
    await db.org.update({
      where: { id: org.orgId! },
      data: { maxConcurrentRuns: 1, maxDailyRuns: 2 },
    });
    const ids: string[] = [];
    for (const name of ['l1', 'l2', 'l3']) {
      const target = await call<{ id: string }>(api, org, 'POST', '/targets', {
        body: configDocument(name),
      });
      ids.push(target.body.id);
    }
    const first = await call<RunAnswer>(api, org, 'POST', `/targets/${ids[0]}/runs`, { body: {} });
    expect(first.status).toBe(202);
    const concurrent = await call(api, org, 'POST', `/targets/${ids[1]}/runs`, { body: {} });
    expect(errorOf(concurrent)).toEqual({ status: 409, code: 'concurrent_runs_limit' });
    expect((await call(api, org, 'POST', `/runs/${first.body.id}/cancel`)).status).toBe(200);
    expect(
      (await call(api, org, 'POST', `/targets/${ids[1]}/runs`, { body: { trigger: 'ci' } })).status,
    ).toBe(202);
    await db.run.updateMany({
      where: { orgId: org.orgId! },
      data: { status: 'completed', finishedAt: new Date() },
    });
    const daily = await call(api, org, 'POST', `/targets/${ids[2]}/runs`, { body: {} });
    expect(errorOf(daily)).toEqual({ status: 409, code: 'daily_runs_limit' });
  });

  it('cancels a queued run at once and asks the worker to stop a running one', async () => {
    const targetId = await newTarget('cancelled');
    const queued = await call<RunAnswer>(api, ci, 'POST', `/targets/${targetId}/runs`, {
      body: {},
    });
    const cancelled = await call<RunAnswer>(api, ci, 'POST', `/runs/${queued.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await probeRuns.getJob(`probe-run-${queued.body.id}`)).toBeUndefined();
    expect(errorOf(await call(api, ci, 'POST', `/runs/${queued.body.id}/cancel`))).toEqual({
      status: 409,
      code: 'run_not_active',
    });

    const running = await call<RunAnswer>(api, ci, 'POST', `/targets/${targetId}/runs`, {
      body: {},
    });
    await db.run.update({
      where: { id: running.body.id },
      data: { status: 'running', startedAt: new Date() },
    });
    const subscriber = new Redis(TEST_REDIS_URL);
    const received = new Promise<string>((resolve) =>
      subscriber.on('message', (_channel: string, message: string) => resolve(message)),
    );
    await subscriber.subscribe(`${api.config.REDIS_PREFIX}:${runCancelChannel(running.body.id)}`);
    try {
      const asked = await call<RunAnswer>(api, ci, 'POST', `/runs/${running.body.id}/cancel`);
      expect(asked.body).toEqual(
        expect.objectContaining({
          status: 'running',
          cancelRequestedAt: expect.any(String) as unknown,
        }),
      );
      expect(JSON.parse(await received)).toEqual(
        expect.objectContaining({ runId: running.body.id }),
      );
    } finally {
      subscriber.disconnect();
    }
  });

  it('streams progress as Server-Sent Events: the current state first, closed when the run ends', async () => {
    const targetId = await newTarget('streamed');
    const run = await call<RunAnswer>(api, ci, 'POST', `/targets/${targetId}/runs`, { body: {} });
    const response = await fetch(`${api.baseUrl}/runs/${run.body.id}/events`, {
      headers: ci.headers('GET'),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
        if (done) return false;
        text += decoder.decode(value, { stream: true });
      }
      return true;
    };
    expect(await readUntil('"status":"queued"')).toBe(true);
    const publish = (status: string, progressDone: number) =>
      redis.publish(
        `${api.config.REDIS_PREFIX}:${runProgressChannel(run.body.id)}`,
        JSON.stringify({
          runId: run.body.id,
          status,
          progressDone,
          progressTotal: 10,
          currentProbe: 'schema',
          at: new Date().toISOString(),
        }),
      );
    await publish('running', 4);
    expect(await readUntil('"progressDone":4')).toBe(true);
    await publish('completed', 10);
    expect(await readUntil('"status":"completed"')).toBe(true);
    const { done } = await reader.read();
    expect(done).toBe(true);
    expect(text).toMatch(/^retry: 3000\n\nevent: progress\n/);
  });

  it('lists run history newest first with filters and cursor pages', async () => {
    const targetId = await newTarget('history');
    const runs = [];
    for (let index = 0; index < 5; index += 1) {
      runs.push(
        await seedCompletedRun(
          db,
          owner.orgId!,
          targetId,
          new Date(Date.now() - (10 - index) * 60_000),
          [],
        ),
      );
    }
    const page1 = await call<{ items: RunAnswer[]; nextCursor: string }>(
      api,
      owner,
      'GET',
      `/runs?targetId=${targetId}&limit=2`,
    );
    expect(page1.body.items.map((run) => run.id)).toEqual([runs[4]!.id, runs[3]!.id]);
    const page2 = await call<{ items: RunAnswer[]; nextCursor: string }>(
      api,
      owner,
      'GET',
      `/runs?targetId=${targetId}&limit=2&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((run) => run.id)).toEqual([runs[2]!.id, runs[1]!.id]);
    const page3 = await call<{ items: RunAnswer[]; nextCursor: string | null }>(
      api,
      owner,
      'GET',
      `/runs?targetId=${targetId}&limit=2&cursor=${page2.body.nextCursor}`,
    );
    expect(page3.body).toEqual({
      items: [expect.objectContaining({ id: runs[0]!.id })],
      nextCursor: null,
    });
    const queued = await call<{ items: RunAnswer[] }>(
      api,
      owner,
      'GET',
      `/runs?targetId=${targetId}&status=queued`,
    );
    expect(queued.body.items).toEqual([]);
    const byTrigger = await call<{ items: RunAnswer[] }>(
      api,
      owner,
      'GET',
      '/runs?trigger=ci&limit=200',
    );
    expect(byTrigger.body.items.every((run) => run.trigger === 'ci')).toBe(true);
    expect(errorOf(await call(api, owner, 'GET', '/runs?status=exploded'))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    expect(errorOf(await call(api, owner, 'GET', '/runs?limit=1000'))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
  });

  it('lists findings worst first with filters, and compares a run with the earlier ones, like with like', async () => {
    const targetId = await newTarget('compared');
    const previous = await seedCompletedRun(
      db,
      owner.orgId!,
      targetId,
      new Date(Date.now() - 3_600_000),
      [
        { code: 'idempotency.duplicate_on_retry', route: 'create-order', severity: 'high' },
        { code: 'ratelimit.missing', route: 'list-orders', severity: 'high' },
        { code: 'payload.oversize_accepted', route: 'create-order', severity: 'low' },
      ],
      [{ code: 'tenant.cross_read', route: 'create-order' }],
    );
    // This run re-tests ratelimit.missing (passes) but not payload.oversize_accepted.
    const run = await seedCompletedRun(
      db,
      owner.orgId!,
      targetId,
      new Date(Date.now() - 60_000),
      [
        { code: 'errors.stack_trace_leak', route: 'create-order', severity: 'medium', isNew: true },
        { code: 'idempotency.duplicate_on_retry', route: 'create-order', severity: 'high' },
        { code: 'tenant.cross_read', route: 'create-order', severity: 'critical', isNew: true },
      ],
      [{ code: 'ratelimit.missing', route: 'list-orders' }],
    );
    type Findings = {
      items: {
        code: string;
        severity: string;
        isNew: boolean;
        evidence: { exchanges: unknown[] };
      }[];
      nextCursor: string | null;
    };
    const all = await call<Findings>(api, owner, 'GET', `/runs/${run.id}/findings`);
    expect(all.body.items.map((finding) => finding.severity)).toEqual([
      'critical',
      'high',
      'medium',
    ]);
    expect(all.body.items[0]!.evidence).toEqual({ exchanges: [] });
    const page = await call<Findings>(api, owner, 'GET', `/runs/${run.id}/findings?limit=2`);
    const rest = await call<Findings>(
      api,
      owner,
      'GET',
      `/runs/${run.id}/findings?limit=2&cursor=${page.body.nextCursor}`,
    );
    expect([...page.body.items, ...rest.body.items].map((finding) => finding.code)).toEqual(
      all.body.items.map((finding) => finding.code),
    );
    const onlyNew = await call<Findings>(api, owner, 'GET', `/runs/${run.id}/findings?status=new`);
    expect(onlyNew.body.items.map((finding) => finding.code)).toEqual([
      'tenant.cross_read',
      'errors.stack_trace_leak',
    ]);
    const persisting = await call<Findings>(
      api,
      owner,
      'GET',
      `/runs/${run.id}/findings?status=persisting&severity=high&route=create-order&code=idempotency.duplicate_on_retry`,
    );
    expect(persisting.body.items).toHaveLength(1);

    const comparison = await call<{
      previousRunId: string;
      new: { code: string }[];
      resolved: { code: string }[];
      persisting: { code: string }[];
      firstSeen: { code: string }[];
      notRetested: { code: string }[];
    }>(api, owner, 'GET', `/runs/${run.id}/comparison`);
    const codes = (list: { code: string }[]) => list.map((finding) => finding.code);
    expect(comparison.body.previousRunId).toBe(previous.id);
    // New only when the check passed before; never decided before is "first seen".
    expect(codes(comparison.body.new)).toEqual(['tenant.cross_read']);
    expect(codes(comparison.body.firstSeen)).toEqual(['errors.stack_trace_leak']);
    expect(codes(comparison.body.resolved)).toEqual(['ratelimit.missing']);
    expect(codes(comparison.body.notRetested)).toEqual(['payload.oversize_accepted']);
    expect(codes(comparison.body.persisting)).toEqual(['idempotency.duplicate_on_retry']);
    const first = await call<{ previousRunId: null; new: unknown[]; firstSeen: unknown[] }>(
      api,
      owner,
      'GET',
      `/runs/${previous.id}/comparison`,
    );
    expect(first.body.previousRunId).toBeNull();
    expect(first.body.new).toHaveLength(0);
    expect(first.body.firstSeen).toHaveLength(3);

    const overview = await call<{
      items: { code: string; count: number; severity: string }[];
      targetsConsidered: number;
    }>(api, owner, 'GET', '/findings/overview');
    expect(overview.body.items.find((item) => item.code === 'tenant.cross_read')).toEqual(
      expect.objectContaining({ severity: 'critical', count: 1 }),
    );
    expect(overview.body.items.find((item) => item.code === 'ratelimit.missing')).toBeUndefined();
  });

  it('downloads the report of a finished run as JSON, JUnit and SARIF', async () => {
    const targetId = await newTarget('reported');
    const run = await seedCompletedRun(db, owner.orgId!, targetId, new Date(Date.now() - 60_000), [
      { code: 'tenant.cross_read', route: 'create-order', severity: 'critical' },
    ]);
    const json = await call(api, ci, 'GET', `/runs/${run.id}/report?format=json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toMatch(
      /^attachment; filename="shakedown-[A-Za-z0-9._-]+-[0-9a-f-]{36}\.json"$/,
    );
    const report = ReportSchema.parse(json.body);
    expect(report.summary).toEqual(expect.objectContaining({ checks: 2, passed: 1, failed: 1 }));
    expect(report.summary.bySeverity.critical).toBe(1);
    expect(report.load?.latencyMs.p95).toBe(6.5);
    const junit = await call(api, ci, 'GET', `/runs/${run.id}/report?format=junit`);
    expect(junit.headers.get('content-type')).toContain('application/xml');
    expect(junit.text).toMatch(/^<\?xml[\s\S]*<testsuites[\s\S]*tenant\.cross_read/);
    const sarif = await call<{ version: string; runs: { results: { ruleId: string }[] }[] }>(
      api,
      ci,
      'GET',
      `/runs/${run.id}/report?format=sarif`,
    );
    expect(sarif.body.version).toBe('2.1.0');
    expect(sarif.body.runs[0]!.results.map((result) => result.ruleId)).toContain(
      'tenant.cross_read',
    );
    const queued = await call<RunAnswer>(api, ci, 'POST', `/targets/${targetId}/runs`, {
      body: {},
    });
    expect(errorOf(await call(api, ci, 'GET', `/runs/${queued.body.id}/report`))).toEqual({
      status: 409,
      code: 'run_not_finished',
    });
    expect(errorOf(await call(api, ci, 'GET', `/runs/${run.id}/report?format=pdf`))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
  });

  it('estimates capacity with core, refusing absurd input with the field named', async () => {
    const estimate = await call<{ warning: string; display: { raw: string; stored: string } }>(
      api,
      owner,
      'POST',
      '/estimator',
      {
        body: { rate: 5, rateUnit: 'minute', payloadSize: 256, payloadUnit: 'KB', durationDays: 7 },
      },
    );
    expect(estimate.status).toBe(200);
    // The product page's example: raw 12.30 GB, stored 16.61 GB, High.
    expect(estimate.body.warning).toBe('High');
    expect(estimate.body.display).toEqual(
      expect.objectContaining({ raw: '12.30 GB', stored: '16.61 GB' }),
    );
    const absurd = await call<{ error: { details: { issues: { path: string }[] } } }>(
      api,
      owner,
      'POST',
      '/estimator',
      {
        body: { rate: 5_000_000, rateUnit: 'second' },
      },
    );
    expect(errorOf(absurd)).toEqual({ status: 400, code: 'validation_failed' });
    expect(absurd.body.error.details.issues[0]?.path).toMatch(/^body(\.rate)?$/);
  });
});
