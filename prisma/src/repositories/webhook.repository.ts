import type {
  Prisma,
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEvent,
} from '../generated/prisma/client';
import { decodeTimeCursor, pageFrom, type DbClient, type RowPage } from './db-client';

export interface WebhookEndpointInput {
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  secretCiphertext: string;
}

export interface WebhookEndpointUpdate {
  url?: string;
  description?: string;
  events?: string[];
  enabled?: boolean;
}

export type DeliveryWithLog = WebhookDelivery & {
  event: Pick<WebhookEvent, 'type'>;
  attemptsLog: WebhookAttempt[];
};

export class WebhookRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): WebhookRepository {
    return new WebhookRepository(db);
  }

  createEndpoint(orgId: string, input: WebhookEndpointInput): Promise<WebhookEndpoint> {
    return this.db.webhookEndpoint.create({ data: { orgId, ...input } });
  }

  listEndpoints(orgId: string): Promise<WebhookEndpoint[]> {
    return this.db.webhookEndpoint.findMany({
      where: { orgId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 500,
    });
  }

  findEndpoint(orgId: string, id: string): Promise<WebhookEndpoint | null> {
    return this.db.webhookEndpoint.findFirst({ where: { orgId, id } });
  }

  /** Re-enabling an endpoint clears its automatic disabling and failure count. */
  async updateEndpoint(
    orgId: string,
    id: string,
    update: WebhookEndpointUpdate,
  ): Promise<WebhookEndpoint | null> {
    const data: Prisma.WebhookEndpointUpdateManyMutationInput = { ...update };
    if (update.enabled === true) {
      Object.assign(data, { disabledAt: null, disabledReason: null, consecutiveFailures: 0 });
    }
    if (update.enabled === false) Object.assign(data, { disabledAt: new Date() });
    const { count } = await this.db.webhookEndpoint.updateMany({ where: { orgId, id }, data });
    return count === 0 ? null : this.findEndpoint(orgId, id);
  }

  async setSecret(orgId: string, id: string, secretCiphertext: string): Promise<boolean> {
    const { count } = await this.db.webhookEndpoint.updateMany({
      where: { orgId, id },
      data: { secretCiphertext },
    });
    return count > 0;
  }

  async deleteEndpoint(orgId: string, id: string): Promise<boolean> {
    const { count } = await this.db.webhookEndpoint.deleteMany({ where: { orgId, id } });
    return count > 0;
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
    const after = decodeTimeCursor(page.cursor);
    const rows = await this.db.webhookDelivery.findMany({
      where: {
        orgId,
        endpointId,
        ...(after
          ? {
              OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }],
            }
          : {}),
      },
      include: {
        event: { select: { type: true } },
        attemptsLog: { orderBy: { attemptNumber: 'asc' }, take: 50 },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
    });
    return pageFrom(rows, page.limit, (row) => [row.createdAt.toISOString(), row.id]);
  }
}
