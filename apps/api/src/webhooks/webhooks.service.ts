import { randomBytes, randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import {
  encryptSecret,
  WebhookDeliveryRepository,
  WebhookEndpointRepository,
  type DeliveryWithLog,
  type WebhookEndpoint,
  afterCommit,
} from '@shakedown/db';
import {
  ErrorCode,
  type CreatedWebhookEndpoint,
  type CreateWebhookRequest,
  type PageQuery,
  type RotatedWebhookSecret,
  type UpdateWebhookRequest,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookEndpoint as WebhookEndpointDto,
  type WebhookEndpointList,
  type WebhookEventType,
} from '@shakedown/core/contract';
import { type NetworkPolicy } from '@shakedown/core/http';
import { WebhookDeliveryJob } from '@shakedown/core/jobs';
import { JobProducer, NETWORK_POLICY } from '@shakedown/nest-infra';

import { AuditService } from '../audit/audit.service';
import { ApiError, notFound } from '../common/api-error';
import { RateLimiter, tooManyRequests } from '../common/rate-limiter';
import { assertUrlUsable } from '../common/url-guard';
import type { RequestContext } from '../common/request-context';
import { ResourceCaps } from '../common/resource-caps';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

const HOUR = 3_600_000;

/** A Standard Webhooks signing secret: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

@Injectable()
export class WebhooksService {
  constructor(
    @Inject(WebhookEndpointRepository) private readonly webhooks: WebhookEndpointRepository,
    @Inject(WebhookDeliveryRepository)
    private readonly webhookDeliveries: WebhookDeliveryRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(NETWORK_POLICY) private readonly policy: NetworkPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ResourceCaps) private readonly caps: ResourceCaps,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  async list(ctx: RequestContext): Promise<WebhookEndpointList> {
    return { items: (await this.webhooks.listEndpoints(ctx.orgId)).map(toEndpointDto) };
  }

  async get(ctx: RequestContext, id: string): Promise<WebhookEndpointDto> {
    return toEndpointDto(await this.find(ctx, id));
  }

  async create(ctx: RequestContext, input: CreateWebhookRequest): Promise<CreatedWebhookEndpoint> {
    await this.assertAllowed(input.url);
    const secret = newWebhookSecret();
    const endpoint = await this.caps.createWithin('webhook_endpoints', ctx.orgId, (tx) =>
      this.webhooks.with(tx).createEndpoint(ctx.orgId, {
        url: input.url,
        description: input.description,
        events: input.events,
        enabled: input.enabled,
        secretCiphertext: encryptSecret(secret, this.config.secretKeys),
      }),
    );
    await this.audit.record(
      ctx,
      'webhook.created',
      { type: 'webhook_endpoint', id: endpoint.id },
      { url: redact(input.url) },
    );
    return { endpoint: toEndpointDto(endpoint), secret };
  }

  async update(
    ctx: RequestContext,
    id: string,
    input: UpdateWebhookRequest,
  ): Promise<WebhookEndpointDto> {
    const current = await this.find(ctx, id);
    if (input.url !== undefined) await this.assertAllowed(input.url);
    const endpoint = await this.webhooks.updateEndpoint(
      ctx.orgId,
      id,
      stickyUpdate(current, input),
    );
    if (!endpoint) throw notFound('webhook endpoint');
    await this.audit.record(ctx, 'webhook.updated', { type: 'webhook_endpoint', id });
    return toEndpointDto(endpoint);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    if (!(await this.webhooks.deleteEndpoint(ctx.orgId, id))) throw notFound('webhook endpoint');
    await this.audit.record(ctx, 'webhook.deleted', { type: 'webhook_endpoint', id });
  }

  async rotateSecret(ctx: RequestContext, id: string): Promise<RotatedWebhookSecret> {
    await this.find(ctx, id);
    const secret = newWebhookSecret();
    await this.webhooks.setSecret(ctx.orgId, id, encryptSecret(secret, this.config.secretKeys));
    await this.audit.record(ctx, 'webhook.secret_rotated', { type: 'webhook_endpoint', id });
    return { secret };
  }

  /**
   * A `webhook.test` event and its delivery, handed to the worker like any other delivery; at
   * most `WEBHOOK_TESTS_PER_ENDPOINT_PER_HOUR` per endpoint (429 beyond). Sent to a disabled
   * endpoint too, once: its success is what re-enables the endpoint.
   */
  async test(ctx: RequestContext, id: string): Promise<WebhookDelivery> {
    const endpoint = await this.find(ctx, id);
    const decision = await this.limiter.consume([
      {
        name: 'webhook-test',
        id: endpoint.id,
        limit: this.config.WEBHOOK_TESTS_PER_ENDPOINT_PER_HOUR,
        windowMs: HOUR,
      },
    ]);
    if (!decision.allowed) throw tooManyRequests(decision);
    const eventId = `msg_${randomUUID().replace(/-/g, '')}`;
    const delivery = await this.webhookDeliveries.createTestDelivery(ctx.orgId, endpoint.id, {
      id: eventId,
      payload: {
        type: 'webhook.test',
        timestamp: new Date().toISOString(),
        data: { endpointId: endpoint.id, message: 'A test event from Shakedown.' },
      },
    });
    await afterCommit(() =>
      this.producer.enqueue(WebhookDeliveryJob, { deliveryId: delivery.id, orgId: ctx.orgId }),
    );
    return toDeliveryDto(delivery);
  }

  async deliveries(ctx: RequestContext, id: string, page: PageQuery): Promise<WebhookDeliveryList> {
    await this.find(ctx, id);
    const rows = await this.webhookDeliveries.listDeliveries(ctx.orgId, id, page);
    return { items: rows.items.map(toDeliveryDto), nextCursor: rows.nextCursor };
  }

  private async find(ctx: RequestContext, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.webhooks.findEndpoint(ctx.orgId, id);
    if (!endpoint) throw notFound('webhook endpoint');
    return endpoint;
  }

  /** Core's URL check: SSRF pre-check and resolution (the worker checks again on every connection). */
  private async assertAllowed(url: string): Promise<void> {
    await assertUrlUsable(url, 'body.url', this.policy);
  }
}

/**
 * Disabling sticks (docs/webhooks.md): `enabled: true` does not re-enable a disabled endpoint
 * (409 `webhook_test_required`: a successful test send does), and on an enabled one it is
 * dropped, so it cannot reset the count of failed deliveries in a row either.
 */
function stickyUpdate(current: WebhookEndpoint, input: UpdateWebhookRequest): UpdateWebhookRequest {
  if (input.enabled !== true) return input;
  if (!current.enabled) {
    throw new ApiError(
      409,
      ErrorCode.webhookTestRequired,
      `enabled: the endpoint is disabled${current.disabledReason ? ` (${current.disabledReason})` : ''}; ` +
        `only a successful test send re-enables it: POST /webhooks/${current.id}/test`,
    );
  }
  const { enabled: _, ...rest } = input;
  return rest;
}

function redact(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.length > 1 ? '/…' : ''}`;
}

export function toEndpointDto(endpoint: WebhookEndpoint): WebhookEndpointDto {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events as WebhookEventType[],
    enabled: endpoint.enabled,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    disabledReason: endpoint.disabledReason,
    consecutiveFailures: endpoint.consecutiveFailures,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export function toDeliveryDto(delivery: DeliveryWithLog): WebhookDelivery {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.event.type,
    status: delivery.status,
    attempts: delivery.attempts,
    lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    lastResponseStatus: delivery.lastResponseStatus,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    attemptsLog: delivery.attemptsLog.map((attempt) => ({
      attemptNumber: attempt.attemptNumber,
      startedAt: attempt.startedAt.toISOString(),
      durationMs: attempt.durationMs,
      succeeded: attempt.succeeded,
      responseStatus: attempt.responseStatus,
      error: attempt.error,
    })),
  };
}
