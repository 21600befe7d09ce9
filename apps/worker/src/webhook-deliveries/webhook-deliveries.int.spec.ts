import { Webhook } from 'standardwebhooks';

import { createOrgWithTarget, createWebhookEndpoint } from '../../test/factories';
import { waitFor } from '../../test/harness';
import { useWorkerSuite } from '../../test/suite';
import { startReceiver, type WebhookReceiver } from '../../test/receiver';
import { WebhookEventsService } from './webhook-events.service';

describe('webhook deliveries', () => {
  let blocked: WebhookReceiver;

  beforeAll(async () => {
    blocked = await startReceiver();
  });
  afterAll(() => blocked?.close());

  // The receiver's port only: the second receiver, on loopback too, is not allowlisted.
  const suite = useWorkerSuite({
    receiver: true,
    env: {
      WEBHOOK_BACKOFF_MS: '150',
      WEBHOOK_BACKOFF_JITTER: '0',
      WEBHOOK_MAX_ATTEMPTS: '5',
      WEBHOOK_DISABLE_AFTER_FAILURES: '2',
    },
    inProcessWorker: true,
  });

  /** A run that just ended: what the run pipeline hands to the events service. */
  async function finishedRun(
    status: 'completed' | 'failed' | 'cancelled' = 'completed',
    owner?: { orgId: string; targetId: string },
  ) {
    let { orgId, targetId } = owner ?? { orgId: '', targetId: '' };
    if (!owner) {
      const created = await createOrgWithTarget(suite.test.db, {
        baseUrl: 'http://127.0.0.1:4010',
        config: { version: 1 },
      });
      orgId = created.org.id;
      targetId = created.target.id;
    }
    const run = await suite.test.db.run.create({
      data: {
        orgId,
        targetId,
        trigger: 'api',
        probes: [],
        config: {},
        status,
        startedAt: new Date(),
        finishedAt: new Date(),
        summary: { checks: 2, passed: 1, failed: 1, skipped: 0, error: 0 },
        ...(status === 'failed' ? { failureReason: 'The target could not be reached: boom' } : {}),
      },
      include: { target: true },
    });
    return { orgId, run, target: run.target };
  }

  function deliveriesOf(endpointId: string) {
    return suite.test.db.webhookDelivery.findMany({
      where: { endpointId },
      include: { attemptsLog: { orderBy: { attemptNumber: 'asc' } }, event: true },
    });
  }

  async function settledDelivery(endpointId: string) {
    return waitFor(
      async () => {
        const [delivery] = await deliveriesOf(endpointId);
        return delivery && delivery.status !== 'pending' ? delivery : undefined;
      },
      { timeoutMs: 60_000, what: 'the delivery to settle' },
    );
  }

  it('signs every attempt and retries a failing receiver with the same webhook-id', async () => {
    const { orgId, run, target } = await finishedRun();
    suite.receiver.on('/flaky', 500, 500, 500, 200);
    const endpoint = await createWebhookEndpoint(suite.test.db, orgId, {
      url: `${suite.receiver.url}/flaky`,
    });

    expect(await suite.worker.app.get(WebhookEventsService).recordRunEvents(orgId, run.id)).toBe(1);
    const delivery = await settledDelivery(endpoint.id);

    const calls = suite.receiver.at('/flaky');
    expect(calls.map((call) => call.status)).toEqual([500, 500, 500, 200]);
    const ids = new Set(calls.map((call) => call.headers['webhook-id']));
    expect([...ids]).toEqual([delivery.event.id]);
    expect(delivery.event.id).toMatch(/^msg_/);
    const verifier = new Webhook(endpoint.secret);
    for (const call of calls) {
      const headers = call.headers as Record<string, string>;
      expect(verifier.verify(call.body, headers)).toMatchObject({
        type: 'run.completed',
        data: {
          run: { id: run.id, status: 'completed' },
          target: { id: target.id, name: target.name },
          summary: { failed: 1 },
          newFindings: [],
        },
      });
      // A changed body or another secret does not verify.
      expect(() => verifier.verify(`${call.body} `, headers)).toThrow();
      expect(() =>
        new Webhook(Buffer.from('another secret').toString('base64')).verify(call.body, headers),
      ).toThrow();
    }
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 4, lastResponseStatus: 200 });
    expect(
      delivery.attemptsLog.map((attempt) => [
        attempt.attemptNumber,
        attempt.responseStatus,
        attempt.succeeded,
      ]),
    ).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, false],
      [4, 200, true],
    ]);
    expect(delivery.attemptsLog[0]!.error).toBe('answered 500');
    expect(delivery.attemptsLog.every((attempt) => attempt.durationMs >= 0)).toBe(true);

    // Recording the run's events again (a retried run job) sends nothing new.
    expect(await suite.worker.app.get(WebhookEventsService).recordRunEvents(orgId, run.id)).toBe(0);
    expect(suite.receiver.at('/flaky')).toHaveLength(4);
  });

  it('sends run.failed for a failed run, and nothing for a cancelled one', async () => {
    const failed = await finishedRun('failed');
    const endpoint = await createWebhookEndpoint(suite.test.db, failed.orgId, {
      url: `${suite.receiver.url}/failed`,
    });
    await suite.worker.app.get(WebhookEventsService).recordRunEvents(failed.orgId, failed.run.id);
    await settledDelivery(endpoint.id);
    const [call] = suite.receiver.at('/failed');
    expect(JSON.parse(call!.body)).toMatchObject({
      type: 'run.failed',
      data: { run: { status: 'failed', failureReason: 'The target could not be reached: boom' } },
    });
    const cancelled = await finishedRun('cancelled', {
      orgId: failed.orgId,
      targetId: failed.target.id,
    });
    expect(
      await suite.worker.app
        .get(WebhookEventsService)
        .recordRunEvents(failed.orgId, cancelled.run.id),
    ).toBe(0);
    expect(suite.receiver.at('/failed')).toHaveLength(1);
  });

  it('refuses a webhook URL that resolves to a blocked address, without connecting', async () => {
    const { orgId, run } = await finishedRun();
    const endpoint = await createWebhookEndpoint(suite.test.db, orgId, {
      url: `http://localhost:${blocked.port}/hook`,
    });
    await suite.worker.app.get(WebhookEventsService).recordRunEvents(orgId, run.id);
    const delivery = await settledDelivery(endpoint.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(delivery.attemptsLog).toHaveLength(1);
    expect(delivery.attemptsLog[0]!.error).toMatch(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/,
    );
    expect(blocked.received).toEqual([]);
  });

  it('disables an endpoint whose deliveries keep failing, saying why', async () => {
    const first = await finishedRun();
    suite.receiver.on('/down', 503);
    const endpoint = await createWebhookEndpoint(suite.test.db, first.orgId, {
      url: `${suite.receiver.url}/down`,
    });
    const second = await finishedRun('completed', {
      orgId: first.orgId,
      targetId: first.target.id,
    });
    for (const { run } of [first, second]) {
      await suite.worker.app.get(WebhookEventsService).recordRunEvents(first.orgId, run.id);
    }
    const disabled = await waitFor(
      async () => {
        const row = await suite.test.db.webhookEndpoint.findUniqueOrThrow({
          where: { id: endpoint.id },
        });
        return row.enabled ? undefined : row;
      },
      { timeoutMs: 60_000, what: 'the endpoint to be disabled' },
    );
    expect(disabled.disabledReason).toBe(
      'Disabled after 2 deliveries in a row failed every attempt. The last one: attempt 5: answered 503 (no attempts left)',
    );
    expect(suite.receiver.at('/down')).toHaveLength(10);
  });
});
