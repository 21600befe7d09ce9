import { ProbeRunJob } from '@shakedown/core/jobs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

import { TEST_REDIS_URL } from '../../test/harness';
import { useTestApi } from '../../test/use-test-api';

describe('the API’s GET /metrics', () => {
  const live = useTestApi();

  it('exposes the queue metrics the worker exposes, read from Redis', async () => {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(ProbeRunJob.queue, {
      connection: redis,
      prefix: live.api.config.REDIS_PREFIX,
    });
    try {
      await queue.add('probe-run', { waiting: true }, { jobId: 'metrics-waiting' });
      const response = await fetch(`${live.api.baseUrl}/metrics`);
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
