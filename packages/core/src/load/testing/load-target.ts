import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocally } from '../../testing';

export interface LoadTargetOptions {
  /** Every answer waits this long. */
  delayMs?: number;
  /** Every n-th request answers 500 (20 → 5%). */
  errorEvery?: number;
  /**
   * Once: requests arriving from `afterMs` after the first request, for `forMs`, are all held
   * until that window ends (a stop-the-world pause of the target).
   */
  stall?: { afterMs: number; forMs: number };
  /** From `afterMs` after the first request, every answer waits `delayMs` more. */
  degradeAfter?: { afterMs: number; delayMs: number };
  /** From `afterMs` after the first request, every request answers 500. */
  failAfterMs?: number;
  /** Body of the 200 answers. */
  body?: string;
  /** 500 answers echo the request's Authorization header (as careless error pages do). */
  echoAuthorization?: boolean;
}

export interface LoadTarget {
  url: string;
  /** Requests the server has received (counted on arrival). */
  readonly received: number;
  /** Requests that arrived during the stall window. */
  readonly receivedDuringStall: number;
  close(): Promise<void>;
}

/** A local HTTP target on 127.0.0.1 (ephemeral port) whose behaviour the load tests control. */
export async function startLoadTarget(options: LoadTargetOptions = {}): Promise<LoadTarget> {
  let received = 0;
  let receivedDuringStall = 0;
  let firstAt: number | undefined;
  const okBody = options.body ?? '{"ok":true}';
  const answer = (request: IncomingMessage, response: ServerResponse, isError: boolean) => {
    if (response.destroyed) return;
    const echoed = options.echoAuthorization
      ? `,"authorization":${JSON.stringify(request.headers.authorization ?? '')}`
      : '';
    const body = isError ? `{"error":"internal failure under load"${echoed}}` : okBody;
    response.writeHead(isError ? 500 : 200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    received += 1;
    const now = performance.now();
    firstAt ??= now;
    const sinceFirst = now - firstAt;
    const isError =
      (options.errorEvery !== undefined && received % options.errorEvery === 0) ||
      (options.failAfterMs !== undefined && sinceFirst >= options.failAfterMs);
    let waitMs = options.delayMs ?? 0;
    const { stall, degradeAfter } = options;
    if (stall && sinceFirst >= stall.afterMs && sinceFirst < stall.afterMs + stall.forMs) {
      waitMs = Math.max(waitMs, stall.afterMs + stall.forMs - sinceFirst);
      receivedDuringStall += 1;
    }
    if (degradeAfter && sinceFirst >= degradeAfter.afterMs) waitMs += degradeAfter.delayMs;
    request.resume();
    request.on('end', () => {
      if (waitMs > 0) holdUntil(now + waitMs, () => answer(request, response, isError));
      else answer(request, response, isError);
    });
  });
  server.keepAliveTimeout = 60_000;
  const { port, close } = await listenLocally(server);
  return {
    url: `http://127.0.0.1:${port}`,
    get received() {
      return received;
    },
    get receivedDuringStall() {
      return receivedDuringStall;
    },
    close,
  };
}

/**
 * Runs `fn` once `performance.now()` has reached `end`. A timer alone may fire early by as
 * much as the event loop's cached time is stale (several ms on a busy machine), and a stall
 * that ends early lets a closed-model VU into the stall twice.
 */
function holdUntil(end: number, fn: () => void): void {
  const waitMs = end - performance.now();
  if (waitMs > 0) setTimeout(() => holdUntil(end, fn), Math.ceil(waitMs));
  else fn();
}
