import {
  ProbeRunJob,
  runCancelChannel,
  RunProgressEventSchema,
  type RunProgressEvent,
} from '@shakedown/core/jobs';
import { Redis } from 'ioredis';

import { freePort } from '@shakedown/core/testing';

import { createOrgWithTarget, createQueuedRun } from '../../test/factories';
import { TEST_REDIS_URL, waitFor, runWhenEnded } from '../../test/harness';
import { useWorkerSuite } from '../../test/suite';
import { itemsConfig, startItemsTarget, type ItemsTarget } from '../../test/targets/items.target';

describe('a probe run on a worker', () => {
  let slowTarget: ItemsTarget;
  let closedPort: number;

  beforeAll(async () => {
    slowTarget = await startItemsTarget({ delayMs: 100 });
    closedPort = await freePort();
  });
  afterAll(() => slowTarget?.close());

  // Only these ports of loopback are allowlisted: anything else on it is refused.
  const suite = useWorkerSuite({
    target: {},
    alsoAllow: () => [slowTarget.url, `http://127.0.0.1:${closedPort}`],
    env: { RUN_BUSY_RETRY_MS: '200' },
    inProcessWorker: true,
  });

  async function queueRun(
    baseUrl: string,
    options: Parameters<typeof itemsConfig>[2] = {},
    org = {},
  ) {
    const config = itemsConfig(`items-${Math.random().toString(36).slice(2, 8)}`, baseUrl, options);
    const created = await createOrgWithTarget(suite.test.db, {
      baseUrl,
      config: config,
      org,
    });
    const run = await createQueuedRun(suite.test.db, created.target);
    return { ...created, run };
  }

  const settled = (runId: string) => runWhenEnded(suite.test, runId, 90_000);

  async function listen(runId: string): Promise<{ events: RunProgressEvent[]; stop(): void }> {
    const subscriber = new Redis(TEST_REDIS_URL);
    const events: RunProgressEvent[] = [];
    subscriber.on('message', (_channel: string, message: string) => {
      events.push(RunProgressEventSchema.parse(JSON.parse(message)));
    });
    await subscriber.subscribe(`${suite.test.prefix}:run-progress:${runId}`);
    return { events, stop: () => subscriber.disconnect() };
  }

  it('goes from queued to completed, publishing progress and storing its findings', async () => {
    const { run, org } = await queueRun(suite.target.url);
    const progress = await listen(run.id);
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });

    const finished = await settled(run.id);
    progress.stop();
    expect(finished).toMatchObject({ status: 'completed', failureReason: null, attempts: 1 });
    expect(finished.regressionCount).toBeNull();
    expect(finished.progressDone).toBe(finished.progressTotal);
    expect(finished.progressTotal).toBeGreaterThan(0);

    const findings = await suite.test.db.finding.findMany({ where: { runId: run.id } });
    expect(findings.map((finding) => [finding.route, finding.code, finding.isNew])).toEqual([
      ['list-items', 'ratelimit.missing', false],
    ]);
    expect((findings[0]!.evidence as { exchanges: unknown[] }).exchanges.length).toBeGreaterThan(0);
    const checks = await suite.test.db.checkResult.findMany({ where: { runId: run.id } });
    expect(checks.length).toBe(finished.progressTotal);
    expect(checks.filter((check) => check.status === 'failed').map((check) => check.code)).toEqual([
      'ratelimit.missing',
    ]);
    expect(finished.summary).toMatchObject({ checks: checks.length, failed: 1 });
    expect(suite.target.totalRequests()).toBeGreaterThan(20);

    const statuses = progress.events.map((event) => event.status);
    expect(statuses[0]).toBe('running');
    expect(statuses.at(-1)).toBe('completed');
    const done = progress.events.map((event) => event.progressDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.events.at(-1)).toMatchObject({
      progressDone: finished.progressTotal,
      progressTotal: finished.progressTotal,
    });
    expect(progress.events.some((event) => event.currentProbe === 'ratelimit')).toBe(true);
    const log = await suite.test.db.runLogEntry.findMany({ where: { runId: run.id } });
    expect(log.map((line) => line.message).join('\n')).toMatch(/attempt 1 on worker \S+: probing/);
  });

  it('fails with a reason the user can read when the target cannot be reached', async () => {
    const { run, org } = await queueRun(`http://127.0.0.1:${closedPort}`);
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    const finished = await settled(run.id);
    expect(finished.status).toBe('failed');
    expect(finished.failureReason).toMatch(/^The target could not be reached: .*127\.0\.0\.1/);
  });

  it('does not probe a target whose ownership is neither verified nor allowlisted', async () => {
    const unlisted = await freePort();
    const { run, org } = await queueRun(`http://localhost:${unlisted}`);
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    const finished = await settled(run.id);
    expect(finished.status).toBe('failed');
    expect(finished.failureReason).toMatch(
      /^Not run: the ownership of localhost:\d+ could not be verified/,
    );
    expect(finished.startedAt).toBeNull();
  });

  it('re-checks ownership before the run instead of trusting a stored verification', async () => {
    // Verified once, but the host is not allowlisted and no longer serves the token.
    const unlisted = await freePort();
    const { run, org, target: row } = await queueRun(`http://localhost:${unlisted}`);
    await suite.test.db.target.update({
      where: { id: row.id },
      data: { verificationStatus: 'verified', verificationMethod: 'http', verifiedAt: new Date() },
    });
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    const finished = await settled(run.id);
    expect(finished.status).toBe('failed');
    expect(finished.failureReason).toMatch(
      /^Not run: the ownership of localhost:\d+ could not be verified \(GET http:\/\/localhost:\d+\/\.well-known\/shakedown-verification\.txt failed/,
    );
    expect(finished.startedAt).toBeNull();
    const recorded = await suite.test.db.target.findUniqueOrThrow({ where: { id: row.id } });
    expect(recorded.verificationStatus).toBe('failed');
    expect(recorded.verificationError).toMatch(/no TXT record "shakedown-verification=/);
  });

  it('fails a run whose config snapshot is invalid, naming the problem', async () => {
    const { target: row, org } = await queueRun(suite.target.url);
    const run = await createQueuedRun(suite.test.db, row, {
      config: {
        version: 1,
        target: { name: 'x', baseUrl: suite.target.url },
        routes: [],
        extra: true,
      },
    });
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    const finished = await settled(run.id);
    expect(finished.status).toBe('failed');
    expect(finished.failureReason).toMatch(/^The run's config is not valid: .*routes/);
  });

  it('stops within a second or two of a cancel and ends cancelled', async () => {
    const { run, org } = await queueRun(slowTarget.url, { burst: 400, maxRps: 40 });
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    await waitFor(() => slowTarget.totalRequests() > 10, { what: 'the run to be under way' });

    // What the API does on cancel: note the request, then publish on the run's cancel channel.
    await suite.test.db.run.update({
      where: { id: run.id },
      data: { cancelRequestedAt: new Date() },
    });
    const publisher = new Redis(TEST_REDIS_URL);
    const cancelledAt = Date.now();
    await publisher.publish(`${suite.test.prefix}:${runCancelChannel(run.id)}`, 'cancel');
    publisher.disconnect();
    const sentAtCancel = slowTarget.totalRequests();

    const finished = await settled(run.id);
    const tookMs = Date.now() - cancelledAt;
    expect(finished).toMatchObject({ status: 'cancelled', failureReason: 'Cancelled on request.' });
    // At most the requests already in flight (8 at once) reach the target after the cancel.
    expect(slowTarget.totalRequests() - sentAtCancel).toBeLessThanOrEqual(10);
    expect(await suite.test.db.finding.count({ where: { runId: run.id } })).toBe(0);
    process.stdout.write(`cancel → cancelled in ${tookMs} ms\n`);
  });

  it('runs one run of a target at a time, and an organisation within its limit', async () => {
    // Slow answers make the runs long enough to overlap if nothing kept them apart.
    const first = await queueRun(slowTarget.url, {}, { maxConcurrentRuns: 1 });
    const second = await createQueuedRun(suite.test.db, first.target);
    const sibling = await suite.test.db.target.create({
      data: {
        orgId: first.org.id,
        name: 'sibling',
        baseUrl: slowTarget.url,
        config: itemsConfig('sibling', slowTarget.url),
        verificationToken: 'token',
      },
    });
    // Another target of the same organisation, whose limit is one run at a time.
    const third = await createQueuedRun(suite.test.db, sibling);
    for (const run of [first.run, second, third]) {
      await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: first.org.id });
    }
    const ended = await Promise.all([first.run, second, third].map((run) => settled(run.id)));
    expect(ended.map((run) => run.status)).toEqual(['completed', 'completed', 'completed']);
    // No two of them overlapped: each started after the one before it finished.
    const byStart = [...ended].sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime());
    for (let i = 1; i < byStart.length; i += 1) {
      expect(byStart[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(
        byStart[i - 1]!.finishedAt!.getTime(),
      );
    }
  });
});
