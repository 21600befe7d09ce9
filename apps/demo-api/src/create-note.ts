import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { readJsonBody, type DemoContext, type StoredAnswer } from './demo-context';
import { HttpError, send } from './http-io';
import { presentNote, validateNote } from './note-fields';
import { requireTenant } from './tenants';

/** A simulated database round trip between checking an idempotency key and storing it. */
const INSERT_DELAY_MS = 50;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `POST /notes`: with an Idempotency-Key, a retry replays the first answer. */
export async function createNote(
  demo: DemoContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { has, notes, idempotency } = demo;
  const tenant = requireTenant(request);
  const { raw, input } = await readJsonBody(demo, request);
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') {
    const { known, extra } = validateNote(input, false, has);
    send(response, 201, presentNote(notes.create(tenant, known, extra)));
    return;
  }
  const fingerprint = createHash('sha256').update(raw).digest('hex');
  const scope = has('idempotency.cross_tenant_replay') ? '' : tenant;
  const keyName = has('idempotency.key_reuse_accepted')
    ? `${scope}\u0000${key}\u0000${fingerprint}`
    : `${scope}\u0000${key}`;
  const existing = idempotency.get(keyName);
  if (existing) {
    if (existing.fingerprint !== fingerprint) {
      throw new HttpError(422, 'this Idempotency-Key was used with a different request body');
    }
    if (existing.status === undefined)
      throw new HttpError(409, 'a request with this Idempotency-Key is in flight');
    response.writeHead(existing.status, {
      'content-type': 'application/json',
      'idempotent-replayed': 'true',
    });
    response.end(existing.body);
    return;
  }
  const claim: StoredAnswer = { fingerprint };
  // Correct: the key is claimed before the slow insert. The defect checks, then writes later.
  if (!has('idempotency.duplicate_on_parallel_retry')) idempotency.set(keyName, claim);
  try {
    const { known, extra } = validateNote(input, false, has);
    await delay(INSERT_DELAY_MS);
    const note = notes.create(tenant, known, extra);
    if (has('idempotency.duplicate_on_lost_response') && response.destroyed) {
      // The defect: the key is kept only with an answer written; a lost connection releases it.
      idempotency.delete(keyName);
      return;
    }
    claim.status = 201;
    claim.body = JSON.stringify(presentNote(note));
    idempotency.set(keyName, claim);
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end(claim.body);
  } catch (error) {
    if (idempotency.get(keyName) === claim) idempotency.delete(keyName);
    throw error;
  }
}
