import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { startTarget, type RunningTarget } from './start-target';

/**
 * A REST layer generated over one SQL table `things (id serial primary key, title, done,
 * created_at, owner)`, as issue 11 found it: a create that carries `id` upserts that row (so
 * two tenants sending `"id": 1` write the same row), and a collection-level `PUT /things/`
 * that rewrites every row. Idempotency keys are done right (scoped per tenant, 422 on reuse
 * with another body), so anything the probes report here comes from the draft, not the API.
 */
export const CRUD_TOKENS = { alice: 'Bearer crud-alice', bob: 'Bearer crud-bob' } as const;

interface Row {
  id: number;
  title: string;
  done: boolean;
  created_at: string;
  owner: string;
}

export interface GeneratedCrudTarget extends RunningTarget {
  rows: Map<number, Row>;
}

export async function startGeneratedCrudTarget(): Promise<GeneratedCrudTarget> {
  const rows = new Map<number, Row>();
  const keys = new Map<string, { fingerprint: string; status: number; body: string }>();
  let nextId = 1;

  const send = (response: ServerResponse, status: number, body?: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(body === undefined ? '' : JSON.stringify(body));
  };
  const readJson = async (request: IncomingMessage): Promise<{ text: string; value: unknown }> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return { text, value: text === '' ? {} : (JSON.parse(text) as unknown) };
  };
  const columns = (input: Record<string, unknown>, row: Partial<Row>) => {
    if (typeof input.title === 'string') row.title = input.title;
    if (typeof input.done === 'boolean') row.done = input.done;
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const tenant = Object.entries(CRUD_TOKENS).find(
      ([, token]) => token === request.headers.authorization,
    )?.[0];
    const url = new URL(request.url ?? '/', 'http://crud.local');
    const item = /^\/things\/(\d+)$/.exec(url.pathname);
    if (!tenant) return send(response, 401, { message: 'JWT required' });
    if (url.pathname.replace(/\/+$/, '') === '/things') {
      if (request.method === 'GET') {
        return send(
          response,
          200,
          [...rows.values()].filter((row) => row.owner === tenant),
        );
      }
      if (request.method === 'PUT' || request.method === 'PATCH' || request.method === 'DELETE') {
        // What the generated layer does with an unfiltered collection write: every row.
        const { value } = await readJson(request);
        for (const row of rows.values()) columns(value as Record<string, unknown>, row);
        if (request.method === 'DELETE') rows.clear();
        return send(response, 204);
      }
      if (request.method === 'POST') {
        const { text, value } = await readJson(request);
        const input = value as Record<string, unknown>;
        if (typeof input.title !== 'string')
          return send(response, 400, { message: 'title is required' });
        const key = request.headers['idempotency-key'];
        const fingerprint = createHash('sha256').update(text).digest('hex');
        const stored = typeof key === 'string' ? keys.get(`${tenant}|${key}`) : undefined;
        if (stored) {
          if (stored.fingerprint !== fingerprint)
            return send(response, 422, { message: 'key reused' });
          response.writeHead(stored.status, { 'content-type': 'application/json' });
          return void response.end(stored.body);
        }
        // `Prefer: resolution=merge-duplicates`: a given primary key upserts that row.
        const id = typeof input.id === 'number' ? input.id : nextId++;
        const row: Row = rows.get(id) ?? {
          id,
          title: '',
          done: false,
          created_at: new Date().toISOString(),
          owner: tenant,
        };
        columns(input, row);
        row.owner = tenant;
        rows.set(id, row);
        const body = JSON.stringify(row);
        if (typeof key === 'string')
          keys.set(`${tenant}|${key}`, { fingerprint, status: 201, body });
        response.writeHead(201, { 'content-type': 'application/json' });
        return void response.end(body);
      }
    }
    if (item) {
      const row = rows.get(Number(item[1]));
      if (!row || row.owner !== tenant) return send(response, 404, { message: 'not found' });
      if (request.method === 'GET') return send(response, 200, row);
      if (request.method === 'PATCH') {
        const { value } = await readJson(request);
        columns(value as Record<string, unknown>, row);
        return send(response, 200, row);
      }
      if (request.method === 'DELETE') {
        rows.delete(row.id);
        return send(response, 204);
      }
    }
    return send(response, 404, { message: 'no such route' });
  }

  const target = await startTarget((request, response) => {
    handle(request, response).catch(() => send(response, 400, { message: 'bad request' }));
  });
  return Object.assign(target, { rows });
}
