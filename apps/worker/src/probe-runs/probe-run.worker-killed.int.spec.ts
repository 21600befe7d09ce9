import { ProbeRunJob } from '@shakedown/core/jobs';

import { spawnWorker, waitFor, runWhenEnded } from '../../test/harness';
import { createQueuedRunOnSuiteTarget } from '../../test/queued-run';
import { useWorkerSuite } from '../../test/suite';
import { itemsConfig } from '../../test/targets/items.target';

describe('a worker killed in the middle of a run', () => {
  const suite = useWorkerSuite({
    target: { delayMs: 50 },
    env: {
      // A dead worker's lock expires after 4 s; live workers look for such jobs every 2 s.
      JOB_LOCK_DURATION_MS: '4000',
      JOB_STALLED_INTERVAL_MS: '2000',
      JOB_MAX_STALLED_COUNT: '1',
    },
  });

  it('is finished by the next worker, without storing any finding twice', async () => {
    const config = itemsConfig('slow-items', suite.target.url, { burst: 300, maxRps: 40 });
    const { org, run } = await createQueuedRunOnSuiteTarget(suite, config);

    const first = await spawnWorker(suite.test);
    suite.workers.push(first);
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    await waitFor(() => suite.target.totalRequests() > 100, {
      timeoutMs: 90_000,
      what: 'the run to be well under way',
    });
    const midRun = await suite.test.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(midRun.status).toBe('running');
    expect(midRun.progressTotal).toBeGreaterThan(midRun.progressDone);
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');
    const sentByFirst = suite.target.totalRequests();

    const second = await spawnWorker(suite.test);
    suite.workers.push(second);
    const ended = await waitFor(
      async () => {
        const row = await suite.test.db.run.findUniqueOrThrow({ where: { id: run.id } });
        return row.status === 'queued' || row.status === 'running' ? undefined : row;
      },
      { timeoutMs: 120_000, what: `the run to end (second worker output:\n${second.output()})` },
    );

    expect(ended).toMatchObject({ status: 'completed', failureReason: null, attempts: 2 });
    expect(suite.target.totalRequests()).toBeGreaterThan(sentByFirst);
    const findings = await suite.test.db.finding.findMany({ where: { runId: run.id } });
    expect(findings.map((finding) => `${finding.route} ${finding.code}`)).toEqual([
      'list-items ratelimit.missing',
    ]);
    const checks = await suite.test.db.checkResult.findMany({ where: { runId: run.id } });
    expect(checks).toHaveLength(ended.progressTotal);
    expect(new Set(checks.map((check) => `${check.route} ${check.code}`)).size).toBe(checks.length);
    const log = (
      await suite.test.db.runLogEntry.findMany({
        where: { runId: run.id },
        orderBy: { createdAt: 'asc' },
      })
    )
      .map((line) => line.message)
      .join('\n');
    expect(log).toMatch(/attempt 1 on worker \S+: probing/);
    expect(log).toMatch(/attempt 2 on worker \S+: probing/);
    expect(log).toMatch(/picked up again/);
    await second.kill('SIGKILL');
  });

  it('is failed, saying why, once its worker has died more times than allowed', async () => {
    const config = itemsConfig('dies-twice', `${suite.target.url}/t/dies-twice`, {
      burst: 300,
      maxRps: 40,
    });
    const { org, run } = await createQueuedRunOnSuiteTarget(
      suite,
      config,
      `${suite.target.url}/t/dies-twice`,
    );
    // These workers allow no stall at all: the first crash is one too many.
    const strict = { JOB_MAX_STALLED_COUNT: '0' };
    const first = await spawnWorker(suite.test, strict);
    suite.workers.push(first);
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    await waitFor(() => suite.target.requestsBy('dies-twice') > 40, {
      timeoutMs: 90_000,
      what: 'the run to be under way',
    });
    await first.kill('SIGKILL');
    const second = await spawnWorker(suite.test, strict);
    suite.workers.push(second);
    const ended = await runWhenEnded(suite.test, run.id);
    expect(ended).toMatchObject({
      status: 'failed',
      failureReason:
        'The worker running this run stopped (crashed or lost its connection) 1 time; the run was given up.',
      attempts: 1,
    });
    expect(await suite.test.db.finding.count({ where: { runId: run.id } })).toBe(0);
  });
});
