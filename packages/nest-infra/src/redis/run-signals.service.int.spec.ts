import { randomUUID } from 'node:crypto';

import { runProgressChannel, type RunProgressEvent } from '@shakedown/core/jobs';
import { Redis } from 'ioredis';

import type { DeploymentConfig } from '../config/deployment-env';
import { createRedisPrefix, dropRedisPrefix, TEST_REDIS_URL } from '../testing/redis-prefix';
import { RunSignals } from './run-signals.service';

/** Calls `attempt` until `done()`, at most 100 times: a pattern subscription is made in the background. */
async function until(done: () => boolean, attempt: () => Promise<unknown>): Promise<void> {
  for (let tries = 0; tries < 100 && !done(); tries += 1) {
    await attempt();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the run signals between the api and the worker', () => {
  const prefix = createRedisPrefix();
  const config = { REDIS_PREFIX: prefix } as DeploymentConfig;
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  const signals = new RunSignals(redis, config);

  afterAll(async () => {
    signals.onModuleDestroy();
    redis.disconnect();
    await dropRedisPrefix(prefix);
  });

  const event = (runId: string, progressDone: number): RunProgressEvent => ({
    runId,
    status: 'running',
    progressDone,
    progressTotal: 10,
    currentProbe: 'schema',
    at: new Date().toISOString(),
  });

  it('delivers a run’s progress to its listeners only, skipping malformed messages', async () => {
    const runId = randomUUID();
    const heard: RunProgressEvent[] = [];
    const stop = await signals.onProgress(runId, (received) => heard.push(received));
    await redis.publish(`${prefix}:${runProgressChannel(runId)}`, 'not json');
    await signals.publishProgress(event(randomUUID(), 1));
    await signals.publishProgress(event(runId, 2));
    await until(
      () => heard.length > 0,
      () => Promise.resolve(),
    );
    expect(heard.map((received) => received.progressDone)).toEqual([2]);
    // The last listener leaving unsubscribes the channel.
    const channel = `${prefix}:${runProgressChannel(runId)}`;
    const subscribers = async () => Number((await redis.pubsub('NUMSUB', channel))[1]);
    expect(await subscribers()).toBe(1);
    stop();
    let left = 1;
    await until(
      () => left === 0,
      async () => (left = await subscribers()),
    );
    expect(left).toBe(0);
  });

  it('tells the worker running a run that it was cancelled, and no other run', async () => {
    const runId = randomUUID();
    const other = randomUUID();
    let cancels = 0;
    let otherCancels = 0;
    const stop = signals.onCancel(runId, () => (cancels += 1));
    const stopOther = signals.onCancel(other, () => (otherCancels += 1));
    await until(
      () => cancels > 0,
      () => signals.publishCancel(runId),
    );
    expect(cancels).toBeGreaterThan(0);
    expect(otherCancels).toBe(0);
    stop();
    stopOther();
  });

  it('never fails the caller when Redis cannot take a message', async () => {
    const down = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true });
    down.on('error', () => undefined);
    const offline = new RunSignals(down, config);
    await expect(offline.publishCancel(randomUUID())).resolves.toBeUndefined();
    await expect(offline.publishProgress(event(randomUUID(), 1))).resolves.toBeUndefined();
    down.disconnect();
  });
});
