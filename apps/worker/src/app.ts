import 'reflect-metadata';

import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';

import { type WorkerConfig } from './config/worker-config';
import { WorkerModule } from './worker.module';

/**
 * Builds the worker: BullMQ processors plus a small HTTP server for `/health` and `/metrics`
 * (used by main.ts and by the tests).
 */
export async function createWorker(config: WorkerConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  return app;
}
