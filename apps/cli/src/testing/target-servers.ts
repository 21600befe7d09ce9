import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocally } from '@shakedown/core/testing';

/**
 * Small order APIs for the spawned-CLI tests: `mass-assignment` stores whatever it is sent (the
 * schema probe's `schema.unknown_field_persisted`, severity high, fires); `strict` accepts only
 * `{ item: string, qty: integer }` and answers 400 to anything else (nothing fires).
 */
export type TargetKind = 'mass-assignment' | 'strict';

export interface TargetServer {
  url: string;
  /** Requests seen so far. */
  requests: () => number;
  close(): Promise<void>;
}

export async function startTarget(
  kind: TargetKind,
  options: { delayMs?: number } = {},
): Promise<TargetServer> {
  const orders = new Map<number, Record<string, unknown>>();
  let nextId = 1;
  let requests = 0;
  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    requests += 1;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > 64 * 1024) return json(response, 413, { error: 'body too large' });
      chunks.push(chunk);
    }
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const url = new URL(request.url ?? '/', 'http://target');
    if (request.method === 'GET' && url.pathname === '/health')
      return json(response, 200, { ok: true });
    if (request.method === 'POST' && url.pathname === '/orders') {
      if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) {
        return json(response, 415, { error: 'send application/json' });
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return json(response, 400, { error: 'malformed JSON' });
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return json(response, 400, { error: 'expected an object' });
      }
      const fields = body as Record<string, unknown>;
      if (kind === 'strict') {
        const keys = Object.keys(fields).sort().join(',');
        if (
          keys !== 'item,qty' ||
          typeof fields.item !== 'string' ||
          !Number.isInteger(fields.qty)
        ) {
          return json(response, 400, { error: 'expected exactly { item: string, qty: integer }' });
        }
      }
      const id = nextId++;
      const order = { ...fields, id };
      orders.set(id, order);
      return json(response, 201, order);
    }
    const match = /^\/orders\/(\d+)$/.exec(url.pathname);
    if (match) {
      const id = Number(match[1]);
      const order = orders.get(id);
      if (!order) return json(response, 404, { error: 'no such order' });
      if (request.method === 'GET') return json(response, 200, order);
      if (request.method === 'DELETE') {
        orders.delete(id);
        response.writeHead(204).end();
        return;
      }
    }
    return json(response, 404, { error: 'not found' });
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(400);
      response.end();
    });
  });
  const { port, close } = await listenLocally(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close,
  };
}

export function ordersConfig(baseUrl: string): string {
  return `version: 1
target:
  name: orders-api
  baseUrl: ${baseUrl}
  budget: { maxRequests: 2000, maxDuration: 60s }
routes:
  - id: create-order
    method: POST
    path: /orders
    body: { item: book, qty: 1 }
    resource:
      idPath: /id
      read: { method: GET, path: "/orders/{id}" }
      delete: { method: DELETE, path: "/orders/{id}" }
`;
}
