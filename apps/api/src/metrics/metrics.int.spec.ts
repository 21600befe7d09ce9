import { ProbeRunJob } from '@shakedown/core/jobs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

import { startTestApi, TEST_REDIS_URL, type TestApi } from '../../test/harness';

describe('the API’s GET /metrics', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('exposes the queue metrics the worker exposes, read from Redis', async () => {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(ProbeRunJob.queue, {
      connection: redis,
      prefix: api.config.REDIS_PREFIX,
    });
    try {
      await queue.add('probe-run', { waiting: true }, { jobId: 'metrics-waiting' });
      const response = await fetch(`${api.baseUrl}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
      const text = await response.text();
      expect(text).toContain('shakedown_queue_jobs{queue="probe-runs",state="wait"} 1');
      expect(text).toContain('shakedown_queue_jobs{queue="webhook-deliveries",state="wait"} 0');
      expect(text).toMatch(/^shakedown_queue_oldest_waiting_seconds\{queue="probe-runs"\} \d/m);
      expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
