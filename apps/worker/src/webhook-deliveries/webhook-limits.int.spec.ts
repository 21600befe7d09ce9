import { randomUUID } from 'node:crypto';

import { WebhookDeliveryJob } from '@shakedown/core/jobs';
import { WebhookDeliveryRepository } from '@shakedown/db';

import { createOrgWithTarget, createWebhookEndpoint } from '../../test/factories';
import {
  createWorkerTestEnv,
  startWorker,
  waitFor,
  type RunningWorker,
  type WorkerTestEnv,
} from '../../test/harness';
import { startReceiver, type WebhookReceiver } from '../../test/receiver';

const SENDS_PER_MINUTE = 2;

/** The worker's side of the abuse model (docs/security.md): per-endpoint sends, sticky disabling. */
describe('webhook limits in the worker', () => {
  let test: WorkerTestEnv;
  let worker: RunningWorker;
  let receiver: WebhookReceiver;
  let orgId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    test = await createWorkerTestEnv({
      TARGET_ALLOWLIST: `127.0.0.1:${receiver.port}`,
      WEBHOOK_BACKOFF_MS: '100',
      WEBHOOK_BACKOFF_JITTER: '0',
      WEBHOOK_MAX_ATTEMPTS: '5',
      WEBHOOK_SENDS_PER_ENDPOINT_PER_MINUTE: String(SENDS_PER_MINUTE),
    });
    worker = await startWorker(test);
    const { org } = await createOrgWithTarget(test.db, {
      baseUrl: 'http://127.0.0.1:4010',
      config: { version: 1 },
    });
    orgId = org.id;
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
    await receiver?.close();
  });

  /** A `webhook.test` delivery as the API makes it, queued. */
  async function sendTest(endpointId: string): Promise<string> {
    const delivery = await new WebhookDeliveryRepository(test.db).createTestDelivery(
      orgId,
      endpointId,
      {
        id: `msg_${randomUUID().replace(/-/g, '')}`,
        payload: { type: 'webhook.test', data: { endpointId } },
      },
    );
    await test.enqueue(WebhookDeliveryJob, { deliveryId: delivery.id, orgId });
    return delivery.id;
  }

  function settled(deliveryId: string) {
    return waitFor(
      async () => {
        const row = await test.db.webhookDelivery.findUniqueOrThrow({
          where: { id: deliveryId },
        });
        return row.status === 'pending' ? undefined : row;
      },
      { timeoutMs: 30_000, what: 'the delivery to settle' },
    );
  }

  function disable(endpointId: string) {
    return test.db.webhookEndpoint.update({
      where: { id: endpointId },
      data: {
        enabled: false,
        disabledAt: new Date(),
        disabledReason: 'failing',
        consecutiveFailures: 5,
      },
    });
  }

  it('sends at most the limit per endpoint per minute; the rest wait, attempts intact', async () => {
    // The limit counts per minute (Redis time, the same clock here): start well inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000)
      await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const endpoint = await createWebhookEndpoint(test.db, orgId, { url: `${receiver.url}/busy` });
    const other = await createWebhookEndpoint(test.db, orgId, { url: `${receiver.url}/other` });
    const deliveries = [];
    for (let i = 0; i < SENDS_PER_MINUTE + 2; i++) deliveries.push(await sendTest(endpoint.id));
    const elsewhere = await sendTest(other.id);
    await settled(elsewhere);
    await waitFor(() => receiver.at('/busy').length >= SENDS_PER_MINUTE, {
      what: 'the sends within the limit',
    });
    // The others wait in the delayed set for the next minute, not failed and not attempted.
    await waitFor(
      async () =>
        (await test.queue(WebhookDeliveryJob.queue).getJobCounts('delayed')).delayed === 2,
      { what: 'two deliveries to wait' },
    );
    expect(receiver.at('/busy')).toHaveLength(SENDS_PER_MINUTE);
    expect(receiver.at('/other')).toHaveLength(1);
    const rows = await test.db.webhookDelivery.findMany({ where: { id: { in: deliveries } } });
    expect(rows.map((row) => [row.status, row.attempts]).sort()).toEqual([
      ['pending', 0],
      ['pending', 0],
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
  });

  it('only a successful test send enables a disabled endpoint again; a failing one is sent once', async () => {
    receiver.on('/flaky', 503);
    const endpoint = await createWebhookEndpoint(test.db, orgId, { url: `${receiver.url}/flaky` });
    await disable(endpoint.id);

    // A failing test: sent once (no retries for a disabled endpoint), and it stays disabled.
    const failed = await settled(await sendTest(endpoint.id));
    expect([failed.status, failed.attempts]).toEqual(['failed', 1]);
    let row = await test.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.enabled).toBe(false);
    expect(receiver.at('/flaky')).toHaveLength(1);

    // The receiver is fixed: a test send succeeds and re-enables it, failures reset.
    receiver.on('/flaky', 200);
    const succeeded = await settled(await sendTest(endpoint.id));
    expect(succeeded.status).toBe('succeeded');
    row = await test.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect([row.enabled, row.disabledAt, row.disabledReason, row.consecutiveFailures]).toEqual([
      true,
      null,
      null,
      0,
    ]);
  });
});
