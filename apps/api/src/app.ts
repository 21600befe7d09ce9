import 'reflect-metadata';

import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { ErrorFilter } from './common/error.filter';
import { type AppConfig } from './config/app-config';
import type { NetworkOptions } from '@shakedown/nest-infra';
import { buildOpenApiDocument } from './openapi/openapi-document';

const CORS_HEADERS = [
  'Content-Type',
  'Authorization',
  'X-CSRF-Token',
  'X-Org-Id',
  'Idempotency-Key',
  'X-Request-Id',
];
const EXPOSED_HEADERS = [
  'X-Request-Id',
  'RateLimit',
  'RateLimit-Policy',
  'Retry-After',
  'Idempotent-Replayed',
];

/** Builds the API (used by main.ts and by the tests' harness). */
export async function createApp(
  config: AppConfig,
  network: NetworkOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, network), {
    bufferLogs: true,
    // Bodies are read by BodyGuard with per-endpoint limits, after authentication.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // X-Forwarded-For is believed only from the configured proxies (rate limits key on req.ip).
  app.set('trust proxy', config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false);
  app.use(helmet());
  app.enableCors({
    // Reflect only the dashboard's origin; any other gets no CORS headers at all.
    origin: (origin: string | undefined, done: (error: Error | null, allow?: boolean) => void) =>
      done(null, origin !== undefined && origin === config.WEB_ORIGIN),
    credentials: true,
    allowedHeaders: CORS_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  // Before init(), so these routes come before Nest's catch-all 404.
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app) as unknown as OpenAPIObject, {
    jsonDocumentUrl: 'api/docs.json',
    yamlDocumentUrl: 'api/docs.yaml',
  });
  await app.init();
  return app;
}
