import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { QUEUES } from '@shakedown/core/jobs';

import { JobProducer } from './job-producer';
import { WorkerLifecycle } from './worker-lifecycle.service';

/**
 * The product's queues, the worker's producer and the process lifecycle (start-up check, drain).
 * Not global on purpose: global modules are destroyed last, and the drain must run before the
 * database and Redis clients (global) close.
 */
@Module({
  imports: [
    DiscoveryModule,
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  providers: [JobProducer, WorkerLifecycle],
  exports: [BullModule, JobProducer, WorkerLifecycle],
})
export class QueueModule {}
