import type { IncomingMessage, ServerResponse } from 'node:http';

import { createNote } from './create-note';
import { readJsonBody, type DemoContext } from './demo-context';
import { HttpError, send } from './http-io';
import { DEMO_OPENAPI_DOCUMENT } from './openapi-document';
import { presentNote, validateNote } from './note-fields';
import { requireTenant, tenantOf } from './tenants';

/** Every route of the demo: `/health`, `/`, `/openapi.json`, `/stats`, `/notes` and `/notes/{id}`. */
export async function route(
  demo: DemoContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://demo.local');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = request.method ?? 'GET';
  if (path === '/health' && method === 'GET') return send(response, 200, { status: 'ok' });
  if (path === '/' && method === 'GET') {
    return send(response, 200, {
      name: 'Shakedown demo API',
      resources: ['/notes'],
      openapi: '/openapi.json',
    });
  }
  if (path === '/openapi.json' && method === 'GET') {
    return send(response, 200, DEMO_OPENAPI_DOCUMENT);
  }
  if (path === '/stats' && method === 'GET') {
    // Cheap and not rate limited: the load stage's route in examples/demo.yml.
    const tenant = requireTenant(request);
    const own = demo.notes.all().filter((note) => note.owner === tenant);
    return send(response, 200, {
      notes: own.length,
      pinned: own.filter((note) => note.pinned).length,
    });
  }
  if (path === '/notes') {
    if (method === 'POST') return createNote(demo, request, response);
    if (method === 'GET') return listNotes(demo, request, response);
    throw new HttpError(405, `${method} is not allowed on /notes`, { allow: 'GET, POST' });
  }
  const match = /^\/notes\/([^/]+)$/.exec(path);
  if (match) {
    const id = /^\d+$/.test(match[1]!) ? Number(match[1]) : Number.NaN;
    const tenant = requireTenant(request);
    if (Number.isNaN(id)) throw new HttpError(404, 'note not found');
    const { has, notes } = demo;
    if (method === 'GET') {
      return send(
        response,
        200,
        presentNote(notes.findOwned(tenant, id, has('tenant.cross_read'))),
      );
    }
    if (method === 'PATCH') return updateNote(demo, request, response, id);
    if (method === 'DELETE') {
      notes.remove(notes.findOwned(tenant, id, has('tenant.cross_delete')).id);
      response.writeHead(204).end();
      return;
    }
    throw new HttpError(405, `${method} is not allowed on /notes/{id}`, {
      allow: 'GET, PATCH, DELETE',
    });
  }
  throw new HttpError(404, 'not found');
}

function listNotes(demo: DemoContext, request: IncomingMessage, response: ServerResponse): void {
  const { has } = demo;
  const tenant = has('auth.missing') ? tenantOf(request) : requireTenant(request);
  const headers = demo.limiter.take(request, tenant);
  const items = demo.notes
    .all()
    .filter((note) => has('tenant.list_leak') || note.owner === tenant)
    .slice(-100)
    .map((note) => presentNote(note, true));
  send(response, 200, { items, nextCursor: null }, headers);
}

async function updateNote(
  demo: DemoContext,
  request: IncomingMessage,
  response: ServerResponse,
  id: number,
): Promise<void> {
  const { has, notes } = demo;
  const tenant = requireTenant(request);
  const { input } = await readJsonBody(demo, request);
  const note = notes.findOwned(tenant, id, has('tenant.cross_write'));
  const { known, extra } = validateNote(input, true, has);
  notes.update(note, known, extra);
  send(response, 200, presentNote(note));
}
