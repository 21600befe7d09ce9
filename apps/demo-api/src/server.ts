import { createServer, type Server } from 'node:http';

import { switchedOn, type DefaultDefect, type ExtraDefect } from './defects';
import type { DemoContext } from './demo-context';
import { HttpError, send } from './http-io';
import { NoteStore } from './note-store';
import { RateLimiter, type RateLimit } from './rate-limiter';
import { route } from './routes';

/**
 * The bundled demo target: a small notes API with two bearer-token tenants and a few deliberate
 * defects. `examples/demo.yml` describes it; `shakedown run --config examples/demo.yml` reports
 * exactly the defects switched on, and nothing else.
 */

export interface DemoApiOptions {
  /** Defects to switch on besides the defaults. */
  extraDefects?: readonly ExtraDefect[];
  /** Default defects to switch off (all of them gives an API with no finding). */
  withoutDefects?: readonly DefaultDefect[];
  /** `GET /notes` allows this many requests per window and caller (default 20 per 10 s). */
  rateLimit?: RateLimit;
}

export function createDemoApi(options: DemoApiOptions = {}): Server {
  const has = switchedOn(options.extraDefects, options.withoutDefects);
  const demo: DemoContext = {
    has,
    notes: new NoteStore(),
    limiter: new RateLimiter(options.rateLimit ?? { limit: 20, windowMs: 10_000 }, has),
    idempotency: new Map(),
  };
  return createServer((request, response) => {
    if (demo.brokenUntil !== undefined && Date.now() < demo.brokenUntil) {
      request.resume();
      send(response, 500, { error: 'internal error' });
      return;
    }
    route(demo, request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const cause =
        error instanceof HttpError ? (error.cause as Error | undefined) : (error as Error);
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'internal error';
      const body: Record<string, unknown> = { error: message };
      // The defect: the development error handler's stack trace reaches the client.
      if (has('errors.stack_trace_leak') && cause?.stack) body.stack = cause.stack;
      send(response, status, body, error instanceof HttpError ? error.headers : {});
      if (status === 413) request.resume();
    });
  });
}
