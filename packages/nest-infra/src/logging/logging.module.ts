import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

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
  /** Human-readable lines (development) instead of JSON (production). */
  pretty: boolean;
}

/** pino everywhere: JSON lines in production, pretty in development, requests with their id. */
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
            ...(options.pretty
              ? { transport: { target: 'pino-pretty', options: { singleLine: true } } }
              : {}),
          },
        }),
      ],
    };
  }
}
