import { ProbeRunJob } from '@shakedown/core/jobs';

import { createOrgWithTarget, createQueuedRun, createSiblingTarget } from '../../test/factories';
import { waitFor } from '../../test/harness';
import { useWorkerSuite } from '../../test/suite';
import { itemsConfig } from '../../test/targets/items.target';
import { RunReaper } from './run-reaper.service';

describe('runs left without a live job', () => {
  const suite = useWorkerSuite({ target: {}, inProcessWorker: true });

  it('are enqueued when queued, and failed with the reason when they were running', async () => {
    const { target: row } = await createOrgWithTarget(suite.test.db, {
      baseUrl: suite.target.url,
      config: itemsConfig('reaped', suite.target.url),
    });
    // The API stored this run and stopped before enqueueing it.
    const orphan = await createQueuedRun(suite.test.db, row);
    // A run marked running whose job is gone from Redis (e.g. Redis lost its data).
    const sibling = await createSiblingTarget(suite.test.db, row.orgId, {
      name: 'sibling',
      baseUrl: suite.target.url,
      config: itemsConfig('sibling', suite.target.url),
    });
    const lost = await createQueuedRun(suite.test.db, sibling);
    await suite.test.db.run.update({
      where: { id: lost.id },
      data: { status: 'running', startedAt: new Date() },
    });
    // A run whose job is alive is left alone.
    const live = await createQueuedRun(
      suite.test.db,
      await createSiblingTarget(suite.test.db, row.orgId, {
        name: 'live',
        baseUrl: suite.target.url,
        config: itemsConfig('live', suite.target.url),
      }),
    );
    await suite.test
      .queue(ProbeRunJob.queue)
      .add(
        ProbeRunJob.name,
        { runId: live.id, orgId: live.orgId },
        { jobId: ProbeRunJob.jobId({ runId: live.id, orgId: live.orgId }), delay: 600_000 },
      );

    // A pass as if two minutes had gone by (runs younger than a minute are left alone).
    const reaped = await suite.worker.app.get(RunReaper).reap(new Date(Date.now() + 120_000));
    expect(reaped).toEqual({ enqueued: [orphan.id], failed: [lost.id] });
    expect(await suite.test.db.run.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({
      status: 'failed',
      failureReason:
        'The run was lost: its job is gone from the queue while the run was still running.',
    });
    const finished = await waitFor(
      async () => {
        const found = await suite.test.db.run.findUniqueOrThrow({ where: { id: orphan.id } });
        return found.status === 'completed' ? found : undefined;
      },
      { what: 'the re-enqueued run to complete' },
    );
    expect(finished.attempts).toBe(1);
    expect((await suite.test.db.run.findUniqueOrThrow({ where: { id: live.id } })).status).toBe(
      'queued',
    );
    expect(await suite.worker.app.get(RunReaper).reap(new Date(Date.now() + 120_000))).toEqual({
      enqueued: [],
      failed: [],
    });
  });
});
