import { ProbeRunJob } from '@shakedown/core/jobs';

import { createOrgWithTarget, createQueuedRun, createSiblingTarget } from '../../test/factories';
import {
  createWorkerTestEnv,
  startWorker,
  waitFor,
  type RunningWorker,
  type WorkerTestEnv,
} from '../../test/harness';
import { itemsConfig, startItemsTarget, type ItemsTarget } from '../../test/targets/items.target';
import { RunReaper } from './run-reaper.service';

describe('runs left without a live job', () => {
  let test: WorkerTestEnv;
  let worker: RunningWorker;
  let target: ItemsTarget;

  beforeAll(async () => {
    target = await startItemsTarget();
    test = await createWorkerTestEnv({ TARGET_ALLOWLIST: `127.0.0.1:${new URL(target.url).port}` });
    worker = await startWorker(test);
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
    await target?.close();
  });

  it('are enqueued when queued, and failed with the reason when they were running', async () => {
    const { target: row } = await createOrgWithTarget(test.db, {
      baseUrl: target.url,
      config: itemsConfig('reaped', target.url),
    });
    // The API stored this run and stopped before enqueueing it.
    const orphan = await createQueuedRun(test.db, row);
    // A run marked running whose job is gone from Redis (e.g. Redis lost its data).
    const sibling = await createSiblingTarget(test.db, row.orgId, {
      name: 'sibling',
      baseUrl: target.url,
      config: itemsConfig('sibling', target.url),
    });
    const lost = await createQueuedRun(test.db, sibling);
    await test.db.run.update({
      where: { id: lost.id },
      data: { status: 'running', startedAt: new Date() },
    });
    // A run whose job is alive is left alone.
    const live = await createQueuedRun(
      test.db,
      await createSiblingTarget(test.db, row.orgId, {
        name: 'live',
        baseUrl: target.url,
        config: itemsConfig('live', target.url),
      }),
    );
    await test
      .queue(ProbeRunJob.queue)
      .add(
        ProbeRunJob.name,
        { runId: live.id, orgId: live.orgId },
        { jobId: ProbeRunJob.jobId({ runId: live.id, orgId: live.orgId }), delay: 600_000 },
      );

    // A pass as if two minutes had gone by (runs younger than a minute are left alone).
    const reaped = await worker.app.get(RunReaper).reap(new Date(Date.now() + 120_000));
    expect(reaped).toEqual({ enqueued: [orphan.id], failed: [lost.id] });
    expect(await test.db.run.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({
      status: 'failed',
      failureReason:
        'The run was lost: its job is gone from the queue while the run was still running.',
    });
    const finished = await waitFor(
      async () => {
        const found = await test.db.run.findUniqueOrThrow({ where: { id: orphan.id } });
        return found.status === 'completed' ? found : undefined;
      },
      { what: 'the re-enqueued run to complete' },
    );
    expect(finished.attempts).toBe(1);
    expect((await test.db.run.findUniqueOrThrow({ where: { id: live.id } })).status).toBe('queued');
    expect(await worker.app.get(RunReaper).reap(new Date(Date.now() + 120_000))).toEqual({
      enqueued: [],
      failed: [],
    });
  });
});
