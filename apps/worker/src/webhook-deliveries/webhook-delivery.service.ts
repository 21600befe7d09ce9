import { Inject, Injectable, Logger } from '@nestjs/common';
import { guardedFetch, NetworkPolicyError, type NetworkPolicy } from '@shakedown/core/http';
import type { WebhookDeliveryPayload } from '@shakedown/core/jobs';
import { decryptSecret, WebhookDeliveryRepository } from '@shakedown/db';
import { Webhook } from 'standardwebhooks';
import { NETWORK_POLICY } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WorkerMetrics, type WebhookAttemptOutcome } from '../infra/metrics/worker-metrics.service';
import { EndpointSendLimit } from './endpoint-send-limit';

export type DeliveryOutcome =
  | { kind: 'delivered'; status: number }
  /** Nothing to send: the delivery is finished, or its endpoint is disabled. */
  | { kind: 'skipped'; reason: string }
  | { kind: 'retry'; reason: string; delayMs: number }
  /** The endpoint's send limit is reached: try again after `delayMs`, no attempt used. */
  | { kind: 'throttled'; reason: string; delayMs: number }
  | { kind: 'gave-up'; reason: string };

export interface AttemptContext {
  /** Attempts BullMQ made before this one. */
  attemptsMade: number;
  /** Attempts the job has in all. */
  maxAttempts: number;
  /** The delay before the next attempt, if this one fails. */
  retryDelayMs: number;
}

interface AttemptResult {
  outcome: WebhookAttemptOutcome;
  status: number | null;
  error: string | null;
}

const USER_AGENT = 'Shakedown-Webhooks/1 (+https://shakedown.dev/docs/webhooks)';

/**
 * Sends one webhook delivery attempt per call, following the Standard Webhooks specification:
 * the event's `webhook-id` (the same on every attempt), the attempt's `webhook-timestamp` and an
 * HMAC-SHA256 `webhook-signature` made with the endpoint's secret by the `standardwebhooks`
 * package. Every attempt is logged. Connections go through the SSRF guard, checked on the
 * address actually connected to; redirects are not followed.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(NETWORK_POLICY) private readonly network: NetworkPolicy,
    private readonly metrics: WorkerMetrics,
    private readonly sendLimit: EndpointSendLimit,
  ) {}

  async deliver(job: WebhookDeliveryPayload, context: AttemptContext): Promise<DeliveryOutcome> {
    const delivery = await this.deliveries.findDeliveryToSend(job.orgId, job.deliveryId);
    if (!delivery) return { kind: 'skipped', reason: 'the delivery no longer exists' };
    if (delivery.status !== 'pending') {
      return { kind: 'skipped', reason: `the delivery has already ${delivery.status}` };
    }
    const { endpoint, event } = delivery;
    // A test send to a disabled endpoint is its one way back: sent once, and on success the
    // endpoint is enabled again. Nothing else is sent to a disabled endpoint.
    const reenables = !endpoint.enabled && event.type === 'webhook.test';
    if (!endpoint.enabled && !reenables) {
      const reason = `not sent: the endpoint is disabled${endpoint.disabledReason ? ` (${endpoint.disabledReason})` : ''}`;
      await this.failUnsent(job.orgId, delivery.id, endpoint.id, reason);
      return { kind: 'skipped', reason };
    }
    let signer: Webhook;
    try {
      signer = new Webhook(decryptSecret(endpoint.secretCiphertext, this.config.secretKeys));
    } catch {
      const reason =
        "not sent: the endpoint's signing secret cannot be decrypted with this deployment's " +
        'APP_SECRET; rotate the secret';
      await this.failUnsent(job.orgId, delivery.id, endpoint.id, reason);
      return { kind: 'gave-up', reason };
    }

    const waitMs = await this.sendLimit.waitFor(endpoint.id);
    if (waitMs > 0) {
      const reason = `the endpoint's send limit (${this.config.WEBHOOK_SENDS_PER_ENDPOINT_PER_MINUTE} per minute) is reached`;
      return { kind: 'throttled', reason, delayMs: waitMs };
    }

    const body = JSON.stringify(event.payload);
    const startedAt = new Date();
    const attemptNumber = await this.deliveries.beginAttempt(job.orgId, delivery.id, startedAt);
    const started = performance.now();
    const result = await this.send(endpoint.url, event.id, startedAt, body, signer);
    const durationMs = Math.round(performance.now() - started);
    this.metrics.recordWebhookAttempt(result.outcome);

    const isLast = reenables || context.attemptsMade + 1 >= context.maxAttempts;
    const isPermanent = result.outcome === 'blocked';
    const willRetry = result.outcome !== 'succeeded' && !isLast && !isPermanent;
    await this.deliveries.recordAttempt(job.orgId, delivery.id, {
      attemptNumber,
      startedAt,
      durationMs,
      succeeded: result.outcome === 'succeeded',
      responseStatus: result.status,
      error: result.error,
      nextAttemptAt: willRetry ? new Date(Date.now() + context.retryDelayMs) : null,
    });
    const log = { orgId: job.orgId, deliveryId: delivery.id, eventId: event.id, attemptNumber };

    if (result.outcome === 'succeeded') {
      await this.deliveries.markSucceeded(job.orgId, delivery.id, endpoint.id, {
        reenable: reenables,
      });
      if (reenables) this.logger.log(log, 'a test send succeeded: the endpoint is enabled again');
      return { kind: 'delivered', status: result.status ?? 0 };
    }
    const reason = `attempt ${attemptNumber}: ${result.error ?? 'failed'}`;
    if (willRetry) {
      this.logger.warn({ ...log, delayMs: context.retryDelayMs }, `webhook ${reason}; retrying`);
      return { kind: 'retry', reason, delayMs: context.retryDelayMs };
    }
    const { endpointDisabled } = await this.deliveries.markFailed(
      job.orgId,
      delivery.id,
      endpoint.id,
      {
        reason: isPermanent ? (result.error ?? 'refused') : `${reason} (no attempts left)`,
        disableAfter: this.config.WEBHOOK_DISABLE_AFTER_FAILURES,
        countsAgainstEndpoint: true,
      },
    );
    this.logger.warn({ ...log, endpointDisabled }, `webhook delivery gave up: ${reason}`);
    return { kind: 'gave-up', reason };
  }

  /** Marks a delivery whose job failed for good (an unexpected error) as failed. */
  async giveUp(job: WebhookDeliveryPayload, reason: string): Promise<void> {
    const delivery = await this.deliveries.findDeliveryToSend(job.orgId, job.deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    await this.failUnsent(job.orgId, delivery.id, delivery.endpoint.id, reason);
  }

  /** A delivery failed without a request: it does not count towards disabling its endpoint. */
  private async failUnsent(
    orgId: string,
    deliveryId: string,
    endpointId: string,
    reason: string,
  ): Promise<void> {
    await this.deliveries.markFailed(orgId, deliveryId, endpointId, {
      reason,
      disableAfter: this.config.WEBHOOK_DISABLE_AFTER_FAILURES,
      countsAgainstEndpoint: false,
    });
  }

  private async send(
    url: string,
    webhookId: string,
    at: Date,
    body: string,
    signer: Webhook,
  ): Promise<AttemptResult> {
    try {
      const response = await guardedFetch(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            'webhook-id': webhookId,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': signer.sign(webhookId, at, body),
          },
          body,
          signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
        },
        this.network,
      );
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) {
        return { outcome: 'succeeded', status: response.status, error: null };
      }
      const error =
        response.status >= 300 && response.status < 400
          ? `answered ${response.status}; redirects are not followed, use the final URL`
          : `answered ${response.status}`;
      return { outcome: 'http_error', status: response.status, error };
    } catch (error) {
      const refusal = findCause(error, (cause) => cause instanceof NetworkPolicyError);
      if (refusal)
        return { outcome: 'blocked', status: null, error: `refused: ${refusal.message}` };
      return {
        outcome: 'network_error',
        status: null,
        error: describeNetworkError(error, this.config),
      };
    }
  }
}

function findCause(error: unknown, test: (cause: Error) => boolean): Error | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (test(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeNetworkError(error: unknown, config: WorkerConfig): string {
  if (findCause(error, (cause) => cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
    return `no answer within ${config.WEBHOOK_TIMEOUT_MS} ms`;
  }
  const coded = findCause(error, (cause) => typeof (cause as { code?: unknown }).code === 'string');
  const root = coded ?? findCause(error, (cause) => !(cause.cause instanceof Error)) ?? error;
  const code = coded ? ` (${(coded as Error & { code: string }).code})` : '';
  return `${root instanceof Error ? root.message : String(root)}${code}`;
}
