import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import type { LogFormat } from '../config/deployment-env';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** A caller's `X-Request-Id` when it looks like one, else a new UUID; echoed in the answer. */
export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

export interface LoggingOptions {
  service: 'api' | 'worker';
  level: string;
  /** JSON lines for machines, or human-readable lines (`LOG_FORMAT`). */
  format: LogFormat;
}

/** pino everywhere: JSON lines or pretty ones as `LOG_FORMAT` says, requests with their id. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            genReqId: requestIdOf,
            base: { service: options.service },
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
            ],
            autoLogging: {
              ignore: (request: IncomingMessage) =>
                request.url === '/health' || request.url === '/metrics',
            },
            ...(options.format === 'pretty'
              ? { transport: { target: 'pino-pretty', options: { singleLine: true } } }
              : {}),
          },
        }),
      ],
    };
  }
}
