import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { collectBody } from '@shakedown/demo-api';

import type { ConfigInput } from '../../src/config/config.schema';
import { startTarget, type RunningTarget } from './start-target';

/**
 * A notes API for the probes' tests. Every behaviour the probes judge is a switch, with the
 * correct one as default, so each test names exactly the defect (or the real-world variant)
 * it starts.
 */
export interface NotesBehaviour {
  /**
   * `atomic-409` (default): the key is claimed before the write; duplicates in flight get 409.
   * `atomic-wait`: duplicates in flight wait for the first and get its answer.
   * `racy`: read-then-write, so parallel duplicates all create. `none`: keys are ignored.
   * `after-answer`: the key is stored once the answer is written, so an answer lost with its
   * connection leaves no key and the retry creates again (a common implementation).
   */
  idempotency?: 'atomic-409' | 'atomic-wait' | 'racy' | 'none' | 'after-answer';
  /** The status of a replayed answer (real APIs answer 200 or 201). */
  replayStatus?: number;
  /** A sequential retry with the same key and body: replayed (correct), or refused with 422. */
  retryAnswer?: 'replay' | '422';
  /** The same key with a different body: 422 (the draft), 400, 409, a replay, or a new write (defect). */
  keyReuse?: 422 | 400 | 409 | 'replay' | 'new-write';
  /** Keys per tenant (correct), global (defect), or global but refused for another tenant (409). */
  keyScope?: 'tenant' | 'global' | 'refuse-other-tenant';
  /** The create answer: the note (201), or 202 with an empty body (ids only through the list). */
  createAnswer?: 'note' | 'empty-202';
  /** Unknown fields: dropped (default), rejected with 400, stored (defect). `privileged` stores only isAdmin and role. */
  unknownFields?: 'drop' | 'reject' | 'persist' | 'persist-privileged';
  /** Every note carries `role: "admin"` by its own default (the unknown-field check must not blame the probe). */
  defaultRoleAdmin?: boolean;
  /** Field types: validated (default), accepted as sent (defect), or coerced to the declared type. */
  types?: 'validate' | 'accept' | 'coerce';
  /**
   * The constraints of {@link NOTES_BODY_SCHEMA} (item enum, qty 1..10, note maxLength 40, qty
   * required): refused with 422, or bad values silently dropped (qty defaults to 1); unset,
   * they are not enforced (the defect, when the config declares them).
   */
  constraints?: 'validate' | 'drop';
  /** Bodies nested deeper than this are refused with 400 (default 32); `Infinity` disables the check. */
  maxDepth?: number;
  /** Malformed JSON: 400 (default), 500 (defect) or the connection destroyed (defect). */
  malformed?: 400 | 500 | 'drop';
  /** The largest body the API reads (default 16 KB, the config's maxBodyBytes). */
  bodyLimit?: number;
  /** A body over the limit: 413 after reading, 413 at once from Content-Length, a reset, a 500, or accepted. */
  oversize?: '413' | '413-early' | 'reset' | '500' | 'accept';
  /** GET /notes limits: keyed per tenant (correct), by socket address, by X-Forwarded-For, … */
  rateLimit?: {
    limit: number;
    windowMs: number;
    key: 'tenant' | 'socket' | 'xff' | 'xff-and-tenant' | 'forwarded' | 'none';
    hints?: boolean;
    /** Once throttled, lets every other request through, as a bucket refilling between them. */
    trickle?: boolean;
  };
  /** Cross-tenant access: refused with 404 (default) or 403, or allowed per operation (defects). */
  otherTenantStatus?: 403 | 404;
  leak?: { read?: boolean; write?: boolean; delete?: boolean; list?: boolean };
  /** Routes answer without credentials (defect). */
  authOptional?: boolean;
  /** List answers: `{ items: [...] }` (default) or a bare array. */
  listShape?: 'wrapped' | 'bare';
  /** Ids numbered per tenant (1, 2, … for each), as some APIs do. */
  perTenantIds?: boolean;
  /** Error answers carry the stack trace (defect); `leakStacksOn` limits it to some statuses. */
  leakStacks?: boolean;
  leakStacksOn?: number[];
  /** Every 4xx closes the connection (some servers do after 413). */
  closeAfter4xx?: boolean;
}

/** The JSON Schema of a note's body, as an OpenAPI document would declare it. */
export const NOTES_BODY_SCHEMA = {
  type: 'object',
  required: ['item', 'qty'],
  properties: {
    item: { type: 'string', enum: ['book', 'pen', 'lamp'] },
    qty: { type: 'integer', minimum: 1, maximum: 10 },
    note: { type: 'string', maxLength: 40 },
    express: { type: 'boolean' },
  },
} as const;

export const TOKENS = { alice: 'token-alice-0a1b2c3d', bob: 'token-bob-4e5f6a7b' } as const;

/** GET /notes limited to 10 requests per 30 s, keyed per tenant unless `limit` says otherwise. */
export function rateLimitedNotes(
  limit: Partial<NonNullable<NotesBehaviour['rateLimit']>>,
): NotesBehaviour {
  return { rateLimit: { limit: 10, windowMs: 30_000, key: 'tenant', ...limit } };
}

interface Note {
  id: number;
  owner: string;
  fields: Record<string, unknown>;
  createdAt: string;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const CONSTRAINED: Record<string, (value: unknown) => boolean> = {
  item: (value) => ['book', 'pen', 'lamp'].includes(value as string),
  qty: (value) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 10,
  note: (value) => typeof value !== 'string' || value.length <= 40,
};

/** Applies NOTES_BODY_SCHEMA's constraints to stored `fields` as `mode` says. */
function enforceConstraints(
  fields: Record<string, unknown>,
  mode: NotesBehaviour['constraints'],
  partial: boolean,
): void {
  if (mode === undefined) return;
  for (const [name, valid] of Object.entries(CONSTRAINED)) {
    if (fields[name] === undefined || valid(fields[name])) continue;
    if (mode === 'validate') throw new Refusal(422, `${name} breaks the schema`);
    delete fields[name];
  }
  if (partial || fields.qty !== undefined) return;
  if (mode === 'validate') throw new Refusal(422, 'qty is required');
  fields.qty = 1;
}

function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'object' && current !== null) {
      max = Math.max(max, depth + 1);
      for (const inner of Object.values(current)) stack.push([inner, depth + 1]);
    }
  }
  return max;
}

export interface NotesTarget extends RunningTarget {
  notes: Map<number, Note>;
  /** Requests the rate limit's trickle let through after a 429. */
  trickled: { count: number };
  /** A config for this target with two tenants and the create-note / list-notes routes. */
  config(overrides?: {
    probes?: ConfigInput['probes'];
    budget?: Record<string, unknown>;
    tenants?: 0 | 1 | 2;
  }): ConfigInput;
}

export async function startNotesTarget(
  behaviour: NotesBehaviour = {},
  seed: { owner: string; title: string }[] = [],
): Promise<NotesTarget> {
  const b = {
    idempotency: 'atomic-409',
    replayStatus: undefined as number | undefined,
    retryAnswer: 'replay',
    keyReuse: 422,
    keyScope: 'tenant',
    createAnswer: 'note',
    unknownFields: 'drop',
    types: 'validate',
    maxDepth: 32,
    malformed: 400,
    bodyLimit: 16 * 1024,
    oversize: '413',
    otherTenantStatus: 404,
    listShape: 'wrapped',
    ...behaviour,
  } as Required<Omit<NotesBehaviour, 'rateLimit' | 'leak' | 'replayStatus'>> & NotesBehaviour;
  const leak = behaviour.leak ?? {};
  const notes = new Map<number, Note>();
  const keys = new Map<
    string,
    { fingerprint: string; owner: string; status?: number; body?: string; waiters: (() => void)[] }
  >();
  const trickled = { count: 0 };
  const windows = new Map<string, { start: number; count: number; throttled?: boolean }>();
  const counters = new Map<string, number>();
  let nextGlobalId = 1;
  const tenants = new Map<string, string>(
    Object.entries(TOKENS).map(([name, token]) => [token, name]),
  );

  const nextId = (owner: string) => {
    if (!b.perTenantIds) return nextGlobalId++;
    const next = (counters.get(owner) ?? 0) + 1;
    counters.set(owner, next);
    return next;
  };
  // With per-tenant ids, notes are keyed by owner and id.
  const noteKey = (owner: string, id: number) => (b.perTenantIds ? `${owner}:${id}` : String(id));
  const store = new Map<string, Note>();
  for (const item of seed) {
    const note = {
      id: nextId(item.owner),
      owner: item.owner,
      fields: { title: item.title, qty: 1 },
      createdAt: new Date().toISOString(),
    };
    store.set(noteKey(note.owner, note.id), note);
  }

  const tenantOf = (request: IncomingMessage): string => {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    const tenant = match ? tenants.get(match[1]!) : undefined;
    if (!tenant && !b.authOptional) throw new Refusal(401, 'unauthorised');
    return tenant ?? 'anonymous';
  };

  const readBody = async (
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<Buffer | undefined> => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > b.bodyLimit && b.oversize === '413-early') {
      response.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      response.end('{"error":"payload too large"}');
      return undefined;
    }
    const limit = b.oversize === 'accept' ? Infinity : b.bodyLimit;
    return collectBody(request, limit, () => {
      if (b.oversize === 'reset') {
        request.socket.resetAndDestroy();
        return undefined;
      }
      if (b.oversize === '500') return new Error('RangeError: buffer too large');
      return new Refusal(413, 'payload too large', { connection: 'close' });
    });
  };

  const parse = (request: IncomingMessage, raw: Buffer): unknown => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== 'application/json') throw new Refusal(415, 'JSON only');
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch (error) {
      if (b.malformed === 'drop') {
        request.socket.destroy();
        throw new Refusal(0, 'dropped');
      }
      if (b.malformed === 500) throw error;
      throw new Refusal(400, 'invalid JSON');
    }
  };

  const validate = (input: unknown, partial: boolean): Record<string, unknown> => {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new Refusal(400, 'object expected');
    if (depthOf(input) > b.maxDepth) throw new Refusal(400, 'nested too deep');
    const { item, qty, note: text, express, ...rest } = input as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    const check = (name: string, value: unknown, type: 'string' | 'number' | 'boolean') => {
      if (value === undefined) return;
      if (typeof value === type || b.types === 'accept') {
        fields[name] = value;
        return;
      }
      if (b.types === 'coerce') {
        const coerced =
          type === 'number'
            ? Number(value)
            : type === 'boolean'
              ? Boolean(value)
              : JSON.stringify(value);
        if (type === 'number' && Number.isNaN(coerced))
          throw new Refusal(400, `${name} must be a number`);
        fields[name] = coerced;
        return;
      }
      throw new Refusal(422, `${name} must be a ${type}`);
    };
    if (!partial && typeof item !== 'string' && b.types !== 'accept')
      throw new Refusal(422, 'item is required');
    check('item', item, 'string');
    check('qty', qty, 'number');
    check('note', text, 'string');
    check('express', express, 'boolean');
    enforceConstraints(fields, behaviour.constraints, partial);
    if (b.unknownFields === 'reject' && Object.keys(rest).length > 0) {
      throw new Refusal(400, `unknown fields: ${Object.keys(rest).join(', ')}`);
    }
    if (b.unknownFields === 'persist') Object.assign(fields, rest);
    if (b.unknownFields === 'persist-privileged') {
      if ('isAdmin' in rest) fields.isAdmin = rest.isAdmin;
      if ('role' in rest) fields.role = rest.role;
    }
    return fields;
  };

  const present = (note: Note) => ({
    ...(b.defaultRoleAdmin ? { role: 'admin' } : {}),
    // Stored as sent; shown as a placeholder when JSON.stringify could not render it.
    ...Object.fromEntries(
      Object.entries(note.fields).map(([key, value]) => [
        key,
        depthOf(value) > 1000 ? '[deeply nested value]' : value,
      ]),
    ),
    id: note.id,
    createdAt: note.createdAt,
  });

  const find = (tenant: string, id: number, leaks: boolean | undefined): Note => {
    const own = store.get(noteKey(tenant, id));
    if (own && own.owner === tenant) return own;
    if (leaks) {
      const any = [...store.values()].find((note) => note.id === id);
      if (any) return any;
    }
    throw new Refusal(
      b.otherTenantStatus === 403 && [...store.values()].some((n) => n.id === id) ? 403 : 404,
      'not found',
    );
  };

  const rateLimit = (request: IncomingMessage, tenant: string): Record<string, string> => {
    const config = behaviour.rateLimit;
    if (!config || config.key === 'none') return {};
    const socket = request.socket.remoteAddress ?? '';
    const xff = (request.headers['x-forwarded-for'] as string | undefined)?.split(',')[0]?.trim();
    const forwarded = /for=([^;,\s]+)/.exec(request.headers.forwarded ?? '')?.[1];
    const key =
      config.key === 'tenant'
        ? tenant
        : config.key === 'socket'
          ? socket
          : config.key === 'xff'
            ? (xff ?? socket)
            : config.key === 'forwarded'
              ? (forwarded ?? socket)
              : `${tenant}|${xff ?? socket}`;
    const now = Date.now();
    let window = windows.get(key);
    if (!window || now - window.start >= config.windowMs) {
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    const reset = String(Math.max(1, Math.ceil((window.start + config.windowMs - now) / 1000)));
    const hints: Record<string, string> =
      config.hints === false
        ? {}
        : { 'x-ratelimit-limit': String(config.limit), 'x-ratelimit-reset': reset };
    if (window.count > config.limit) {
      window.throttled = config.trickle ? !window.throttled : true;
      if (!window.throttled) {
        trickled.count += 1;
        return hints;
      }
      throw new Refusal(
        429,
        'slow down',
        config.hints === false ? {} : { ...hints, 'retry-after': reset },
      );
    }
    return hints;
  };

  const send = (
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    response.writeHead(status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      ...(b.closeAfter4xx && status >= 400 && status < 500 ? { connection: 'close' } : {}),
      ...headers,
    });
    response.end(text);
  };

  const create = async (request: IncomingMessage, response: ServerResponse) => {
    const tenant = tenantOf(request);
    const raw = await readBody(request, response);
    if (!raw) return;
    const input = parse(request, raw);
    const key = request.headers['idempotency-key'] as string | undefined;
    const make = () => {
      const fields = validate(input, false);
      const note: Note = {
        id: nextId(tenant),
        owner: tenant,
        fields,
        createdAt: new Date().toISOString(),
      };
      store.set(noteKey(tenant, note.id), note);
      notes.set(note.id, note);
      return note;
    };
    const answer = (note: Note): [number, string] =>
      b.createAnswer === 'empty-202' ? [202, ''] : [201, JSON.stringify(present(note))];
    if (!key || b.idempotency === 'none') {
      const [status, text] = answer(make());
      response.writeHead(status, text ? { 'content-type': 'application/json' } : {});
      response.end(text);
      return;
    }
    const fingerprint = createHash('sha256').update(raw).digest('hex');
    const scoped = b.keyScope === 'tenant' ? `${tenant}:${key}` : key;
    const keyName = b.keyReuse === 'new-write' ? `${scoped}:${fingerprint}` : scoped;
    const existing = keys.get(keyName);
    if (existing) {
      if (b.keyScope === 'refuse-other-tenant' && existing.owner !== tenant) {
        throw new Refusal(409, 'this key belongs to another caller');
      }
      if (existing.fingerprint !== fingerprint && b.keyReuse !== 'replay') {
        throw new Refusal(b.keyReuse as number, 'key reused with a different body');
      }
      if (existing.status === undefined) {
        if (b.idempotency === 'atomic-409') throw new Refusal(409, 'in flight');
        await new Promise<void>((resolve) => existing.waiters.push(resolve));
      }
      if (b.retryAnswer === '422') throw new Refusal(422, 'key already used');
      const status = b.replayStatus ?? existing.status!;
      response.writeHead(status, existing.body ? { 'content-type': 'application/json' } : {});
      response.end(existing.body);
      return;
    }
    const record = { fingerprint, owner: tenant, waiters: [] as (() => void)[] } as {
      fingerprint: string;
      owner: string;
      status?: number;
      body?: string;
      waiters: (() => void)[];
    };
    const claimFirst = b.idempotency !== 'racy' && b.idempotency !== 'after-answer';
    if (claimFirst) keys.set(keyName, record);
    try {
      // A database round trip between claiming the key and storing the answer.
      await new Promise((resolve) => setTimeout(resolve, 40));
      const [status, text] = answer(make());
      record.status = status;
      record.body = text;
      if (b.idempotency === 'after-answer')
        response.once('finish', () => keys.set(keyName, record));
      else keys.set(keyName, record);
      response.writeHead(status, text ? { 'content-type': 'application/json' } : {});
      response.end(text);
    } catch (error) {
      keys.delete(keyName);
      throw error;
    } finally {
      for (const wake of record.waiters) wake();
    }
  };

  const handler = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://target');
    const method = request.method ?? 'GET';
    if (url.pathname === '/') return send(response, 200, { ok: true });
    if (url.pathname === '/notes') {
      if (method === 'POST') return create(request, response);
      if (method === 'GET') {
        const tenant = tenantOf(request);
        const headers = rateLimit(request, tenant);
        const items = [...store.values()]
          .filter((note) => leak.list || note.owner === tenant)
          .map(present);
        return send(response, 200, b.listShape === 'bare' ? items : { items }, headers);
      }
    }
    const match = /^\/notes\/([^/]+)$/.exec(url.pathname);
    if (match) {
      const tenant = tenantOf(request);
      const id = Number(match[1]);
      if (!Number.isInteger(id)) throw new Refusal(404, 'not found');
      if (method === 'GET') return send(response, 200, present(find(tenant, id, leak.read)));
      if (method === 'PATCH') {
        const raw = await readBody(request, response);
        if (!raw) return;
        const note = find(tenant, id, leak.write);
        Object.assign(note.fields, validate(parse(request, raw), true));
        return send(response, 200, present(note));
      }
      if (method === 'DELETE') {
        const note = find(tenant, id, leak.delete);
        store.delete(noteKey(note.owner, note.id));
        notes.delete(note.id);
        return send(response, 204, undefined);
      }
    }
    throw new Refusal(404, 'not found');
  };

  const target = await startTarget((request, response) => {
    handler(request, response).catch((error: unknown) => {
      if (error instanceof Refusal && error.status === 0) return;
      if (response.headersSent || !request.socket || request.socket.destroyed) return;
      const status = error instanceof Refusal ? error.status : 500;
      const body: Record<string, unknown> = {
        error: error instanceof Error ? error.message : 'error',
      };
      const leaks = b.leakStacks && (!b.leakStacksOn || b.leakStacksOn.includes(status));
      if (leaks && error instanceof Error) body.stack = error.stack;
      if (status >= 500 && b.leakStacks !== true) body.error = 'internal error';
      send(response, status, body, error instanceof Refusal ? error.headers : {});
      if (status === 413) request.resume();
    });
  });

  return Object.assign(target, {
    notes,
    trickled,
    config(
      overrides: {
        probes?: ConfigInput['probes'];
        budget?: Record<string, unknown>;
        tenants?: 0 | 1 | 2;
      } = {},
    ): ConfigInput {
      const count = overrides.tenants ?? 2;
      const all = {
        alice: { headers: { Authorization: `Bearer ${TOKENS.alice}` } },
        bob: { headers: { Authorization: `Bearer ${TOKENS.bob}` } },
      };
      const tenantsInput = count === 0 ? undefined : count === 1 ? { alice: all.alice } : all;
      return {
        version: 1,
        target: {
          name: 'notes-target',
          baseUrl: target.url,
          ...(tenantsInput ? { tenants: tenantsInput } : {}),
          budget: { maxRps: 1000, ...overrides.budget },
        },
        routes: [
          {
            id: 'create-note',
            method: 'POST',
            path: '/notes',
            body: { item: 'book', qty: 1, note: 'first order', express: false },
            maxBodyBytes: '16KB',
            resource: {
              idPath: '/id',
              read: { method: 'GET', path: '/notes/{id}' },
              update: { method: 'PATCH', path: '/notes/{id}', body: { qty: 2 } },
              delete: { method: 'DELETE', path: '/notes/{id}' },
              list: {
                method: 'GET',
                path: '/notes',
                itemsPath: b.listShape === 'bare' ? '' : '/items',
              },
            },
          },
          {
            id: 'list-notes',
            method: 'GET',
            path: '/notes',
            ...(behaviour.rateLimit ? { rateLimit: { expected: true, burst: 60 } } : {}),
          },
        ],
        ...(overrides.probes ? { probes: overrides.probes } : {}),
      };
    },
  });
}
