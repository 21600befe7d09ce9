import type { Prisma, WebhookEndpoint } from '../generated/prisma/client';
import type { DbClient } from './db-client';

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

/** The organisation's webhook endpoints: where events go, and each endpoint's signing secret. */
export class WebhookEndpointRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): WebhookEndpointRepository {
    return new WebhookEndpointRepository(db);
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
}
