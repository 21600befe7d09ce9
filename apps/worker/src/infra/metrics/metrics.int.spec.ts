import { ProbeRunJob, WebhookDeliveryJob } from '@shakedown/core/jobs';

import {
  createOrgWithTarget,
  createQueuedRun,
  createWebhookEndpoint,
} from '../../../test/factories';
import { waitFor } from '../../../test/harness';
import { useWorkerSuite } from '../../../test/suite';
import { itemsConfig } from '../../../test/targets/items.target';
import { WorkerLifecycle } from '../queue/worker-lifecycle.service';

/** The value of one sample of the Prometheus text exposition, or undefined. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = new Map<string, string>();
    for (const pair of (match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g))
      present.set(pair[1]!, pair[2]!);
    if (Object.entries(labels).every(([key, value]) => present.get(key) === value))
      return Number(match[3]);
  }
  return undefined;
}

describe('the worker’s GET /metrics', () => {
  const suite = useWorkerSuite({ target: {}, receiver: true, inProcessWorker: true });

  const scrape = async () => {
    const response = await fetch(`${suite.worker.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return response.text();
  };

  it('exposes queue depth and age, job durations and outcomes, probe requests and webhook attempts', async () => {
    const { org, target: row } = await createOrgWithTarget(suite.test.db, {
      baseUrl: suite.target.url,
      config: itemsConfig('metrics', suite.target.url),
    });
    await createWebhookEndpoint(suite.test.db, org.id, {
      url: `${suite.receiver.url}/hooks`,
      events: ['run.completed'],
    });
    const run = await createQueuedRun(suite.test.db, row);
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    await waitFor(
      async () =>
        (await suite.test.db.webhookDelivery.count({ where: { status: 'succeeded' } })) === 1,
      {
        what: 'the run and its webhook',
      },
    );
    await waitFor(
      async () => (await suite.test.queue(WebhookDeliveryJob.queue).getCompletedCount()) === 1,
      {
        what: 'the delivery job to complete',
      },
    );

    const text = await scrape();
    expect(sample(text, 'shakedown_queue_jobs', { queue: 'probe-runs', state: 'completed' })).toBe(
      1,
    );
    expect(
      sample(text, 'shakedown_queue_jobs', { queue: 'webhook-deliveries', state: 'completed' }),
    ).toBe(1);
    expect(sample(text, 'shakedown_queue_jobs', { queue: 'probe-runs', state: 'wait' })).toBe(0);
    expect(sample(text, 'shakedown_queue_oldest_waiting_seconds', { queue: 'probe-runs' })).toBe(0);
    expect(
      sample(text, 'shakedown_jobs_total', { queue: 'probe-runs', outcome: 'completed' }),
    ).toBe(1);
    expect(sample(text, 'shakedown_jobs_total', { queue: 'probe-runs', outcome: 'failed' })).toBe(
      0,
    );
    expect(
      sample(text, 'shakedown_job_duration_seconds_count', {
        queue: 'probe-runs',
        outcome: 'completed',
      }),
    ).toBe(1);
    expect(
      sample(text, 'shakedown_job_duration_seconds_sum', {
        queue: 'probe-runs',
        outcome: 'completed',
      }),
    ).toBeGreaterThan(0);
    // Every request the probes sent, by the status the target answered.
    expect(sample(text, 'shakedown_probe_requests_total', { code: '200' })).toBe(
      suite.target.totalRequests(),
    );
    expect(sample(text, 'shakedown_webhook_attempts_total', { outcome: 'succeeded' })).toBe(1);
    expect(sample(text, 'shakedown_webhook_attempts_total', { outcome: 'blocked' })).toBe(0);
    expect(sample(text, 'shakedown_runs_finished_total', { status: 'completed' })).toBe(1);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('shows how long the oldest job has waited when nobody takes it', async () => {
    // Nobody consumes probe runs any more (the last test of this file).
    await suite.worker.app
      .get(WorkerLifecycle)
      .workers()
      .find((bull) => bull.name === ProbeRunJob.queue)!
      .close();
    const { org, target: row } = await createOrgWithTarget(suite.test.db, {
      baseUrl: suite.target.url,
      config: itemsConfig('waiting', suite.target.url),
    });
    const run = await createQueuedRun(suite.test.db, row);
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    const age = await waitFor(
      async () =>
        sample(await scrape(), 'shakedown_queue_oldest_waiting_seconds', { queue: 'probe-runs' }),
      { what: 'the waiting job to have an age' },
    );
    expect(age).toBeGreaterThan(0);
    expect(
      sample(await scrape(), 'shakedown_queue_jobs', { queue: 'probe-runs', state: 'wait' }),
    ).toBe(1);
  });
});
