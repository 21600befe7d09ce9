import { Inject, Injectable, Logger } from '@nestjs/common';
import { WebhookDeliveryJob } from '@shakedown/core/jobs';
import {
  FindingRepository,
  RunRepository,
  TargetRepository,
  WebhookDeliveryRepository,
} from '@shakedown/db';
import { JobProducer } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WEBHOOK_BACKOFF_TYPE } from './webhook-backoff';
import { buildRunEventPayload, newWebhookId, runEventTypes } from './webhook-payload';

/**
 * Turns a finished run into its webhook events (`run.completed`, `run.regressed`,
 * `run.failed`) and one delivery job per subscribed endpoint. Safe to call again for the same
 * run (after a crash): events are unique per run and type, deliveries per endpoint and event,
 * and delivery jobs have deterministic ids.
 */
@Injectable()
export class WebhookEventsService {
  private readonly logger = new Logger(WebhookEventsService.name);

  constructor(
    private readonly runs: RunRepository,
    private readonly targets: TargetRepository,
    private readonly findings: FindingRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly producer: JobProducer,
  ) {}

  /** Records the run's events and enqueues their deliveries; returns how many were enqueued. */
  async recordRunEvents(orgId: string, runId: string): Promise<number> {
    const run = await this.runs.findForOrg(orgId, runId);
    if (!run) return 0;
    const types = runEventTypes(run);
    if (types.length === 0) return 0;
    const target = await this.targets.findForOrg(orgId, run.targetId);
    if (!target) return 0;
    const newFindings = await this.findings.newForRun(orgId, runId);
    const at = run.finishedAt ?? new Date();
    const subject = {
      run,
      target: { id: target.id, name: target.name, baseUrl: target.baseUrl },
      newFindings,
    };
    const pending = await this.deliveries.recordRunEvents(
      orgId,
      runId,
      types.map((type) => ({
        id: newWebhookId(),
        type,
        payload: JSON.parse(JSON.stringify(buildRunEventPayload(type, subject, at))) as object,
      })),
    );
    for (const delivery of pending) {
      await this.producer.enqueue(
        WebhookDeliveryJob,
        { deliveryId: delivery.id, orgId },
        {
          attempts: this.config.WEBHOOK_MAX_ATTEMPTS,
          backoff: { type: WEBHOOK_BACKOFF_TYPE },
        },
      );
    }
    if (pending.length > 0) {
      this.logger.log(
        { orgId, runId, events: types, deliveries: pending.length },
        'webhooks queued',
      );
    }
    return pending.length;
  }
}
