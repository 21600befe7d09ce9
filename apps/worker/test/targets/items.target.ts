import { createServer, type IncomingMessage, type Server } from 'node:http';

import type { Prisma } from '@shakedown/db';
import { listenLocally } from '@shakedown/core/testing';

export interface ItemsBehaviour {
  /** Milliseconds each `GET …/items` waits before answering (longer runs). */
  delayMs?: number;
  /** Answer 429 (with Retry-After) after this many item requests: a rate limit that works. */
  rateLimitAfter?: number;
}

/**
 * A small local API for run tests: `GET /items` (under any `/t/<name>` prefix, so one server
 * can stand for many targets and count each one's requests). Without a rate limit it has the
 * `ratelimit.missing` defect.
 */
export interface ItemsTarget {
  url: string;
  /** Requests seen, by `/t/<name>` prefix ('' for none). */
  requestsBy(prefix?: string): number;
  totalRequests(): number;
  behaviour: ItemsBehaviour;
  close(): Promise<void>;
}

export async function startItemsTarget(behaviour: ItemsBehaviour = {}): Promise<ItemsTarget> {
  const counts = new Map<string, number>();
  const itemRequests = new Map<string, number>();
  const server: Server = createServer((request: IncomingMessage, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/t\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const prefix = match ? match[1]! : '';
    const rest = match ? (match[2] ?? '/') : url.pathname;
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    request.resume();
    if (rest !== '/items' || request.method !== 'GET') {
      response.writeHead(rest === '/' ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(rest === '/' ? { ok: true } : { error: 'not found' }));
      return;
    }
    const seen = (itemRequests.get(prefix) ?? 0) + 1;
    itemRequests.set(prefix, seen);
    const answer = () => {
      if (behaviour.rateLimitAfter !== undefined && seen > behaviour.rateLimitAfter) {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        response.end(JSON.stringify({ error: 'slow down' }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items: [{ id: seen }] }));
    };
    if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
    else answer();
  });
  const { port, close } = await listenLocally(server);
  return {
    url: `http://127.0.0.1:${port}`,
    behaviour,
    requestsBy: (prefix = '') => counts.get(prefix) ?? 0,
    totalRequests: () => [...counts.values()].reduce((sum, count) => sum + count, 0),
    close,
  };
}

/** A config with one route whose rate limit the `ratelimit` probe tests. */
export function itemsConfig(
  name: string,
  baseUrl: string,
  options: { burst?: number; maxRps?: number; maxRequests?: number; probes?: string[] } = {},
): Prisma.InputJsonObject {
  return {
    version: 1,
    target: {
      name,
      baseUrl,
      budget: { maxRps: options.maxRps ?? 200, maxRequests: options.maxRequests ?? 2000 },
    },
    routes: [
      {
        id: 'list-items',
        method: 'GET',
        path: '/items',
        rateLimit: { expected: true, burst: options.burst ?? 20 },
      },
    ],
    probes: { include: options.probes ?? ['ratelimit'] },
  };
}
