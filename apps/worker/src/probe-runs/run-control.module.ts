import { Module } from '@nestjs/common';

import { MetricsModule } from '../infra/metrics/metrics.module';
import { QueueModule } from '../infra/queue/queue.module';
import { WebhookEventsModule } from '../webhook-deliveries/webhook-events.module';
import { RunFinisher } from './run-finisher';
import { RunStopSignals } from './run-stop-signal';

/** What stops a run's work and what ends a run: shared by a run's job and its load shards. */
@Module({
  imports: [QueueModule, MetricsModule, WebhookEventsModule],
  providers: [RunStopSignals, RunFinisher],
  exports: [RunStopSignals, RunFinisher],
})
export class RunControlModule {}
