import { randomUUID } from 'node:crypto';

import { ProbeRunJob, ScheduledRunJob } from '@shakedown/core/jobs';

import type { DeploymentConfig } from '../config/deployment-env';
import { createRedisPrefix, dropRedisPrefix, TEST_REDIS_URL } from '../testing/redis-prefix';
import { JobProducer } from './job-producer';

describe('the job producer', () => {
  const prefix = createRedisPrefix();
  const producer = new JobProducer({
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
  } as DeploymentConfig);

  afterAll(async () => {
    await producer.onModuleDestroy();
    await dropRedisPrefix(prefix);
  });

  it('applies a job contract: its id makes a second enqueue a no-op, its options stay', async () => {
    const payload = { runId: randomUUID(), orgId: randomUUID() };
    const first = await producer.enqueue(ProbeRunJob, payload);
    await producer.enqueue(ProbeRunJob, payload);
    const queue = producer.queue(ProbeRunJob.queue);
    expect(first.id).toBe(`probe-run-${payload.runId}`);
    expect(await queue.getJobCounts('wait')).toEqual({ wait: 1 });
    expect((await queue.getJob(first.id!))?.opts).toMatchObject({
      attempts: 3,
      backoff: { type: 'exponential', delay: 5_000 },
    });
    expect(await producer.remove(ProbeRunJob, payload)).toBe(true);
    expect(await queue.getJob(first.id!)).toBeUndefined();
  });

  it('refuses a payload its contract does not accept, enqueueing nothing', async () => {
    await expect(
      producer.enqueue(ProbeRunJob, { runId: 'not-a-uuid', orgId: randomUUID() }),
    ).rejects.toThrow(/runId/);
    expect(await producer.queue(ProbeRunJob.queue).getJobCounts('wait')).toEqual({ wait: 0 });
  });

  it('keeps one job scheduler per schedule, named by the job id, until it is removed', async () => {
    const payload = { scheduleId: randomUUID(), orgId: randomUUID(), targetId: randomUUID() };
    const queue = producer.queue(ScheduledRunJob.queue);
    await producer.upsertScheduler(ScheduledRunJob, payload, { pattern: '0 * * * *', tz: 'UTC' });
    await producer.upsertScheduler(ScheduledRunJob, payload, {
      pattern: '*/5 * * * *',
      tz: 'Europe/Paris',
    });
    const schedulers = await queue.getJobSchedulers(0, -1, true);
    expect(schedulers.map(({ key, pattern, tz }) => ({ key, pattern, tz }))).toEqual([
      { key: `schedule:${payload.scheduleId}`, pattern: '*/5 * * * *', tz: 'Europe/Paris' },
    ]);
    expect(schedulers[0]?.template?.opts).toMatchObject({
      attempts: ScheduledRunJob.options.attempts,
    });
    await producer.removeScheduler(ScheduledRunJob, payload);
    expect(await queue.getJobSchedulers(0, -1, true)).toEqual([]);
  });
});
