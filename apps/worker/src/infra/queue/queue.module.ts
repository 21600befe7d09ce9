import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { WorkerLifecycle } from './worker-lifecycle.service';

/**
 * The processors' BullMQ workers and the process's lifecycle (start-up check of processors,
 * drain on shutdown). `registerQueue()` with no queue brings in BullMQ's explorer, which starts
 * a worker for each processor with the connection of `BullModule.forRoot`; the queues jobs are
 * added to are nest-infra's `JobProducer`'s. Not global on purpose: global modules are destroyed
 * last, and the drain must run before the job producer, the database and Redis close.
 */
@Module({
  imports: [DiscoveryModule, BullModule.registerQueue()],
  providers: [WorkerLifecycle],
  exports: [WorkerLifecycle],
})
export class QueueModule {}
