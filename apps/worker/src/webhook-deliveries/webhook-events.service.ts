import { Inject, Injectable, Logger } from '@nestjs/common';
import { WebhookDeliveryJob } from '@shakedown/core/jobs';
import {
  RunRepository,
  RunResultsRepository,
  TargetRepository,
  WebhookDeliveriesRepository,
  type Db,
} from '@shakedown/db';
import { DB } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { JobProducer } from '../infra/queue/job-producer';
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
    @Inject(DB) private readonly db: Db,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly producer: JobProducer,
  ) {}

  /** Records the run's events and enqueues their deliveries; returns how many were enqueued. */
  async recordRunEvents(orgId: string, runId: string): Promise<number> {
    const run = await new RunRepository(this.db).findForOrg(orgId, runId);
    if (!run) return 0;
    const types = runEventTypes(run);
    if (types.length === 0) return 0;
    const target = await new TargetRepository(this.db).findForOrg(orgId, run.targetId);
    if (!target) return 0;
    const newFindings = await new RunResultsRepository(this.db).newFindingsOf(orgId, runId);
    const at = run.finishedAt ?? new Date();
    const subject = {
      run,
      target: { id: target.id, name: target.name, baseUrl: target.baseUrl },
      newFindings,
    };
    const pending = await new WebhookDeliveriesRepository(this.db).recordRunEvents(
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
