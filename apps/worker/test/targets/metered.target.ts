import { createServer, type Server } from 'node:http';

import { listenLocally } from '@shakedown/core/testing';

/** What a {@link MeteredTarget} saw of one `/t/<name>` prefix, measured on its side. */
export interface Meter {
  requests: number;
  /** Body bytes: received in requests plus sent in answers (what a run budget's maxBytes counts). */
  bodyBytes: number;
  /** `Date.now()` of the first and the last request received. */
  firstAt: number;
  lastAt: number;
}

export interface MeteredTarget {
  url: string;
  meter(prefix: string): Meter;
  close(): Promise<void>;
}

/**
 * A local API that meters what reaches it, per `/t/<name>` prefix: `GET …/items` answers a
 * JSON body of `answerBytes` bytes, anything else a small JSON body. The budget tests count
 * here, not from the run's own numbers.
 */
export async function startMeteredTarget(answerBytes = 1000): Promise<MeteredTarget> {
  const meters = new Map<string, Meter>();
  const filler = 'x'.repeat(Math.max(0, answerBytes - '{"items":[],"pad":""}'.length));
  const items = JSON.stringify({ items: [], pad: filler });
  const server: Server = createServer((request, response) => {
    const now = Date.now();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/t\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const prefix = match ? match[1]! : '';
    const rest = match ? (match[2] ?? '/') : url.pathname;
    const meter = meters.get(prefix) ?? { requests: 0, bodyBytes: 0, firstAt: now, lastAt: now };
    meters.set(prefix, meter);
    meter.requests += 1;
    meter.lastAt = now;
    request.on('data', (chunk: Buffer) => {
      meter.bodyBytes += chunk.length;
    });
    request.on('end', () => {
      const body = rest === '/items' ? items : JSON.stringify({ ok: rest === '/' });
      meter.bodyBytes += Buffer.byteLength(body);
      response.writeHead(rest === '/' || rest === '/items' ? 200 : 404, {
        'content-type': 'application/json',
      });
      response.end(body);
    });
  });
  const local = await listenLocally(server);
  return {
    url: local.url,
    meter: (prefix) => ({
      ...(meters.get(prefix) ?? { requests: 0, bodyBytes: 0, firstAt: 0, lastAt: 0 }),
    }),
    close: local.close,
  };
}
