import type {
  Prisma,
  PrismaClient,
  WebhookAttempt,
  WebhookDelivery,
  WebhookEvent,
} from '../generated/prisma/client';
import type { DeliveryStatus } from '../generated/prisma/enums';
import { type DbClient, type RowPage } from './db-client';
import { newestFirst, newestFirstPage } from './newest-first';

export type DeliveryWithLog = WebhookDelivery & {
  event: Pick<WebhookEvent, 'type'>;
  attemptsLog: WebhookAttempt[];
};

export interface NewWebhookEvent {
  /** The Standard Webhooks `webhook-id` (`msg_…`), used only if the event does not exist yet. */
  id: string;
  type: string;
  payload: Prisma.InputJsonValue;
}

export interface PendingDelivery {
  id: string;
  orgId: string;
  eventId: string;
  endpointId: string;
}

export interface DeliveryToSend {
  id: string;
  orgId: string;
  status: DeliveryStatus;
  attempts: number;
  endpoint: {
    id: string;
    url: string;
    enabled: boolean;
    secretCiphertext: string;
    disabledReason: string | null;
  };
  event: { id: string; type: string; payload: unknown; createdAt: Date };
}

export interface DeliveryAttempt {
  attemptNumber: number;
  startedAt: Date;
  durationMs: number;
  succeeded: boolean;
  responseStatus: number | null;
  error: string | null;
  /** When the next attempt is due; null when there is none. */
  nextAttemptAt: Date | null;
}

/**
 * Webhook events, their deliveries to endpoints, and every attempt: recorded by the worker for
 * run events and by the API for test events, listed by the API. An event is unique per run and
 * type, and a delivery per endpoint and event, so recording the same run's events twice creates
 * nothing new.
 */
export class WebhookDeliveryRepository {
  /** `inTransaction`: `db` is a transaction the caller opened (see {@link with}). */
  constructor(
    readonly db: DbClient,
    private readonly inTransaction = false,
  ) {}

  with(db: DbClient): WebhookDeliveryRepository {
    return new WebhookDeliveryRepository(db, true);
  }

  /**
   * Records a run's events (once per run and type) and a delivery for every enabled endpoint of
   * the organisation subscribed to each; returns the deliveries still pending, for the queue.
   */
  async recordRunEvents(
    orgId: string,
    runId: string,
    events: readonly NewWebhookEvent[],
  ): Promise<PendingDelivery[]> {
    if (events.length === 0) return [];
    if (!this.inTransaction) {
      return (this.db as PrismaClient).$transaction((tx) =>
        this.with(tx).recordRunEvents(orgId, runId, events),
      );
    }
    const tx = this.db;
    const run = await tx.run.findFirst({ where: { id: runId, orgId }, select: { id: true } });
    if (!run) return [];
    await tx.webhookEvent.createMany({
      data: events.map((event) => ({
        id: event.id,
        orgId,
        type: event.type,
        runId,
        payload: event.payload,
      })),
      skipDuplicates: true,
    });
    const stored = await tx.webhookEvent.findMany({
      where: { orgId, runId, type: { in: events.map((event) => event.type) } },
      select: { id: true, type: true },
    });
    const endpoints = await tx.webhookEndpoint.findMany({
      where: { orgId, enabled: true, events: { hasSome: stored.map((event) => event.type) } },
      select: { id: true, events: true },
    });
    const deliveries = stored.flatMap((event) =>
      endpoints
        .filter((endpoint) => endpoint.events.includes(event.type))
        .map((endpoint) => ({ orgId, endpointId: endpoint.id, eventId: event.id })),
    );
    if (deliveries.length > 0) {
      await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
    }
    return tx.webhookDelivery.findMany({
      where: { orgId, status: 'pending', eventId: { in: stored.map((event) => event.id) } },
      select: { id: true, orgId: true, eventId: true, endpointId: true },
      orderBy: { id: 'asc' },
    });
  }

  findDeliveryToSend(orgId: string, deliveryId: string): Promise<DeliveryToSend | null> {
    return this.db.webhookDelivery.findFirst({
      where: { id: deliveryId, orgId },
      select: {
        id: true,
        orgId: true,
        status: true,
        attempts: true,
        endpoint: {
          select: {
            id: true,
            url: true,
            enabled: true,
            secretCiphertext: true,
            disabledReason: true,
          },
        },
        event: { select: { id: true, type: true, payload: true, createdAt: true } },
      },
    });
  }

  /** Counts a new attempt and returns its number (1 for the first); numbers never repeat. */
  async beginAttempt(orgId: string, deliveryId: string, startedAt: Date): Promise<number> {
    const delivery = await this.db.webhookDelivery.update({
      where: { id: deliveryId, orgId },
      data: { attempts: { increment: 1 }, lastAttemptAt: startedAt },
      select: { attempts: true },
    });
    return delivery.attempts;
  }

  /** Logs one attempt, and its outcome on the delivery. */
  async recordAttempt(orgId: string, deliveryId: string, attempt: DeliveryAttempt): Promise<void> {
    await this.db.webhookAttempt.create({
      data: {
        orgId,
        deliveryId,
        attemptNumber: attempt.attemptNumber,
        startedAt: attempt.startedAt,
        durationMs: attempt.durationMs,
        succeeded: attempt.succeeded,
        responseStatus: attempt.responseStatus,
        error: attempt.error,
      },
    });
    await this.db.webhookDelivery.update({
      where: { id: deliveryId, orgId },
      data: {
        lastResponseStatus: attempt.responseStatus,
        lastError: attempt.error,
        nextAttemptAt: attempt.nextAttemptAt,
      },
    });
  }

  /** The delivery succeeded: the endpoint's run of failures is over. */
  /**
   * The delivery succeeded: the endpoint's failures in a row start again from 0. With
   * `reenable` (a test send to a disabled endpoint) the endpoint is enabled again: the only way
   * a disabled endpoint comes back.
   */
  async markSucceeded(
    orgId: string,
    deliveryId: string,
    endpointId: string,
    options: { reenable?: boolean } = {},
  ): Promise<void> {
    await this.db.webhookDelivery.update({
      where: { id: deliveryId, orgId },
      data: { status: 'succeeded', nextAttemptAt: null },
    });
    await this.db.webhookEndpoint.updateMany({
      where: { id: endpointId, orgId },
      data: options.reenable
        ? { consecutiveFailures: 0, enabled: true, disabledAt: null, disabledReason: null }
        : { consecutiveFailures: 0 },
    });
  }

  /**
   * The delivery gave up. Unless `countsAgainstEndpoint` is false, the endpoint's count of
   * failed deliveries in a row grows, and once it reaches `disableAfter` the endpoint is
   * disabled with a reason the user can read. Returns whether this call disabled it.
   */
  async markFailed(
    orgId: string,
    deliveryId: string,
    endpointId: string,
    options: { reason: string; disableAfter: number; countsAgainstEndpoint: boolean },
  ): Promise<{ endpointDisabled: boolean }> {
    await this.db.webhookDelivery.update({
      where: { id: deliveryId, orgId },
      data: { status: 'failed', nextAttemptAt: null, lastError: options.reason },
    });
    if (!options.countsAgainstEndpoint) return { endpointDisabled: false };
    const endpoint = await this.db.webhookEndpoint.update({
      where: { id: endpointId, orgId },
      data: { consecutiveFailures: { increment: 1 } },
      select: { consecutiveFailures: true, enabled: true },
    });
    if (!endpoint.enabled || endpoint.consecutiveFailures < options.disableAfter) {
      return { endpointDisabled: false };
    }
    const { count } = await this.db.webhookEndpoint.updateMany({
      where: { id: endpointId, orgId, enabled: true },
      data: {
        enabled: false,
        disabledAt: new Date(),
        disabledReason:
          `Disabled after ${endpoint.consecutiveFailures} deliveries in a row failed every ` +
          `attempt. The last one: ${options.reason}`,
      },
    });
    return { endpointDisabled: count > 0 };
  }

  /** A `webhook.test` event and its pending delivery to one endpoint. */
  async createTestDelivery(
    orgId: string,
    endpointId: string,
    event: { id: string; payload: Prisma.InputJsonValue },
  ): Promise<DeliveryWithLog> {
    await this.db.webhookEvent.create({
      data: { id: event.id, orgId, type: 'webhook.test', payload: event.payload },
    });
    return this.db.webhookDelivery.create({
      data: { orgId, endpointId, eventId: event.id },
      include: { event: { select: { type: true } }, attemptsLog: true },
    });
  }

  /** Deliveries of an endpoint, newest first, with their attempts: `(endpointId, createdAt desc)`. */
  async listDeliveries(
    orgId: string,
    endpointId: string,
    page: { cursor?: string; limit: number },
  ): Promise<RowPage<DeliveryWithLog>> {
    const { after, ...order } = newestFirst(page);
    const rows = await this.db.webhookDelivery.findMany({
      where: {
        orgId,
        endpointId,
        ...after,
      },
      include: {
        event: { select: { type: true } },
        attemptsLog: { orderBy: { attemptNumber: 'asc' }, take: 50 },
      },
      ...order,
    });
    return newestFirstPage(rows, page.limit);
  }
}
