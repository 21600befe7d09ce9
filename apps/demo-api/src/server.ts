import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * The bundled demo target: a small notes API with two bearer-token tenants and a few deliberate
 * defects. `examples/demo.yml` describes it; `shakedown run --config examples/demo.yml` reports
 * exactly the defects switched on, and nothing else.
 */

export const DEMO_TENANTS = {
  alice: 'demo-token-alice',
  bob: 'demo-token-bob',
} as const;

/** On unless listed in `withoutDefects`. */
export const DEFAULT_DEFECTS = [
  'idempotency.duplicate_on_parallel_retry',
  'schema.unknown_field_persisted',
  'payload.oversize_accepted',
  'ratelimit.spoofable_ip',
  'errors.stack_trace_leak',
] as const;

/** Off unless listed in `extraDefects` (or `DEMO_EXTRA_DEFECTS`). Each adds exactly its own finding. */
export const EXTRA_DEFECTS = [
  'tenant.cross_read',
  'tenant.cross_write',
  'tenant.cross_delete',
  'tenant.list_leak',
  'auth.missing',
  'idempotency.key_reuse_accepted',
  'idempotency.cross_tenant_replay',
  'schema.wrong_type_accepted',
  'schema.malformed_json_5xx',
  'ratelimit.no_retry_after',
  'ratelimit.ip_only',
] as const;

export type DefaultDefect = (typeof DEFAULT_DEFECTS)[number];
export type ExtraDefect = (typeof EXTRA_DEFECTS)[number];
export type DemoDefect = DefaultDefect | ExtraDefect;

export interface DemoApiOptions {
  /** Defects to switch on besides the defaults. */
  extraDefects?: readonly ExtraDefect[];
  /** Default defects to switch off (all of them gives an API with no finding). */
  withoutDefects?: readonly DefaultDefect[];
  /** `GET /notes` allows this many requests per window and caller (default 20 per 10 s). */
  rateLimit?: { limit: number; windowMs: number };
}

/** Parses `DEMO_EXTRA_DEFECTS=tenant.cross_read,auth.missing`; throws naming an unknown one. */
export function parseExtraDefects(text: string | undefined): ExtraDefect[] {
  const names = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (!(EXTRA_DEFECTS as readonly string[]).includes(name)) {
      throw new Error(`unknown demo defect "${name}"; known: ${EXTRA_DEFECTS.join(', ')}`);
    }
  }
  return names as ExtraDefect[];
}

interface Note {
  id: number;
  owner: string;
  title: string;
  body: string;
  pinned: boolean;
  priority: unknown;
  createdAt: string;
  updatedAt: string;
  /** Fields nobody asked for (the mass-assignment defect keeps them). */
  extra: Record<string, unknown>;
}

interface StoredAnswer {
  fingerprint: string;
  /** Undefined while the first request is still being processed. */
  status?: number;
  body?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** What the demo accepts per body, as `examples/demo.yml` declares (16 KB); the defect lets 16 MB through. */
const ACCEPTED_BODY_BYTES = 16 * 1024;
const DEFECTIVE_BODY_BYTES = 16 * 1024 ** 2;
/** The demo keeps at most this much note text, dropping the oldest notes (memory stays bounded). */
const MAX_STORED_BYTES = 64 * 1024 ** 2;
const MAX_NOTES = 20_000;
/** A simulated database round trip between checking an idempotency key and storing it. */
const INSERT_DELAY_MS = 50;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createDemoApi(options: DemoApiOptions = {}): Server {
  const defects = new Set<DemoDefect>([
    ...DEFAULT_DEFECTS.filter((defect) => !(options.withoutDefects ?? []).includes(defect)),
    ...(options.extraDefects ?? []),
  ]);
  const has = (defect: DemoDefect) => defects.has(defect);
  const limit = options.rateLimit ?? { limit: 20, windowMs: 10_000 };
  const notes = new Map<number, Note>();
  const idempotency = new Map<string, StoredAnswer>();
  const windows = new Map<string, { start: number; count: number }>();
  let nextId = 1;
  let storedBytes = 0;

  const tokens = new Map<string, string>(
    Object.entries(DEMO_TENANTS).map(([name, token]) => [token, name]),
  );

  function tenantOf(request: IncomingMessage): string | undefined {
    const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
    return match ? tokens.get(match[1]!.trim()) : undefined;
  }

  function requireTenant(request: IncomingMessage): string {
    const tenant = tenantOf(request);
    if (!tenant)
      throw new HttpError(401, 'missing or invalid bearer token', { 'www-authenticate': 'Bearer' });
    return tenant;
  }

  function readBody(request: IncomingMessage): Promise<Buffer> {
    const max = has('payload.oversize_accepted') ? DEFECTIVE_BODY_BYTES : ACCEPTED_BODY_BYTES;
    const tooLarge = () =>
      new HttpError(413, `bodies are limited to ${max} bytes`, { connection: 'close' });
    if (Number(request.headers['content-length'] ?? 0) > max) return Promise.reject(tooLarge());
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      // Events rather than for-await: leaving a for-await loop would destroy the request
      // before the 413 could be sent.
      request.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > max) {
          settled = true;
          reject(tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      request.on('end', () => {
        if (settled) return;
        settled = true;
        resolve(Buffer.concat(chunks));
      });
      request.on('error', (error) => {
        if (!settled) reject(error);
      });
    });
  }

  function parseJsonBody(request: IncomingMessage, raw: Buffer): unknown {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && !type.endsWith('+json')) {
      throw new HttpError(415, 'send the body as application/json');
    }
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch (error) {
      const parseError = error as Error;
      if (has('schema.malformed_json_5xx')) throw parseError;
      throw Object.assign(new HttpError(400, `invalid JSON: ${parseError.message}`), {
        cause: parseError,
      });
    }
  }

  function validate(
    input: unknown,
    partial: boolean,
  ): { known: Partial<Note>; extra: Record<string, unknown> } {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new HttpError(400, 'the body must be a JSON object');
    }
    const { title, body, pinned, priority, ...rest } = input as Record<string, unknown>;
    const known: Partial<Note> = {};
    const lax = has('schema.wrong_type_accepted');
    if (title !== undefined || !partial) {
      if (typeof title !== 'string' || title.length === 0 || title.length > 200) {
        throw new HttpError(400, 'title must be a string of 1 to 200 characters');
      }
      known.title = title;
    }
    if (body !== undefined) {
      if (typeof body !== 'string') throw new HttpError(400, 'body must be a string');
      known.body = body;
    }
    if (pinned !== undefined) {
      if (typeof pinned !== 'boolean' && !lax) throw new HttpError(400, 'pinned must be a boolean');
      known.pinned = pinned as boolean;
    }
    if (priority !== undefined) {
      if (
        !lax &&
        (typeof priority !== 'number' ||
          !Number.isInteger(priority) ||
          priority < 0 ||
          priority > 5)
      ) {
        throw new HttpError(400, 'priority must be an integer from 0 to 5');
      }
      known.priority = priority;
    }
    // Correct: unknown fields are dropped. The defect keeps them (mass assignment).
    const extra = has('schema.unknown_field_persisted') ? rest : {};
    return { known, extra };
  }

  function present(note: Note, summary = false): Record<string, unknown> {
    const { owner: _owner, extra, body, ...fields } = note;
    return summary ? { ...extra, ...fields } : { ...extra, ...fields, body };
  }

  function store(note: Note): void {
    notes.set(note.id, note);
    storedBytes += note.body.length;
    while ((storedBytes > MAX_STORED_BYTES || notes.size > MAX_NOTES) && notes.size > 1) {
      const oldest = notes.values().next().value as Note;
      remove(oldest.id);
    }
  }

  function remove(id: number): void {
    const note = notes.get(id);
    if (!note) return;
    storedBytes -= note.body.length;
    notes.delete(id);
  }

  function findOwned(tenant: string, id: number, defect: DemoDefect): Note {
    const note = notes.get(id);
    if (!note || (note.owner !== tenant && !has(defect)))
      throw new HttpError(404, `note ${id} not found`);
    return note;
  }

  function newNote(tenant: string, known: Partial<Note>, extra: Record<string, unknown>): Note {
    const now = new Date().toISOString();
    return {
      id: nextId++,
      owner: tenant,
      title: known.title!,
      body: known.body ?? '',
      pinned: known.pinned ?? false,
      priority: known.priority ?? 0,
      createdAt: now,
      updatedAt: now,
      extra,
    };
  }

  async function createNote(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const tenant = requireTenant(request);
    const raw = await readBody(request);
    const input = parseJsonBody(request, raw);
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') {
      const { known, extra } = validate(input, false);
      const note = newNote(tenant, known, extra);
      store(note);
      send(response, 201, present(note));
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
      const { known, extra } = validate(input, false);
      await delay(INSERT_DELAY_MS);
      const note = newNote(tenant, known, extra);
      store(note);
      claim.status = 201;
      claim.body = JSON.stringify(present(note));
      idempotency.set(keyName, claim);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(claim.body);
    } catch (error) {
      if (idempotency.get(keyName) === claim) idempotency.delete(keyName);
      throw error;
    }
  }

  function listNotes(request: IncomingMessage, response: ServerResponse): void {
    const tenant = has('auth.missing') ? tenantOf(request) : requireTenant(request);
    const headers = rateLimit(request, tenant);
    const items = [...notes.values()]
      .filter((note) => has('tenant.list_leak') || note.owner === tenant)
      .slice(-100)
      .map((note) => present(note, true));
    send(response, 200, { items, nextCursor: null }, headers);
  }

  function rateLimit(request: IncomingMessage, tenant: string | undefined): Record<string, string> {
    const forwarded = request.headers['x-forwarded-for'];
    const claimed = typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : undefined;
    // Correct: the socket's address (no proxy is trusted). The defect believes X-Forwarded-For.
    const address =
      has('ratelimit.spoofable_ip') && claimed
        ? claimed
        : (request.socket.remoteAddress ?? 'unknown');
    const key = has('ratelimit.ip_only') ? address : `${tenant ?? 'anonymous'}|${address}`;
    const now = Date.now();
    let window = windows.get(key);
    if (!window || now - window.start >= limit.windowMs) {
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.start + limit.windowMs - now) / 1000));
    const hints: Record<string, string> = has('ratelimit.no_retry_after')
      ? {}
      : {
          'ratelimit-limit': String(limit.limit),
          'ratelimit-remaining': String(Math.max(0, limit.limit - window.count)),
          'ratelimit-reset': String(resetSeconds),
        };
    if (window.count > limit.limit) {
      const retry: Record<string, string> = has('ratelimit.no_retry_after')
        ? {}
        : { 'retry-after': String(resetSeconds) };
      throw new HttpError(429, 'too many requests', { ...hints, ...retry });
    }
    if (windows.size > 10_000) windows.clear();
    return hints;
  }

  async function updateNote(
    request: IncomingMessage,
    response: ServerResponse,
    id: number,
  ): Promise<void> {
    const tenant = requireTenant(request);
    const input = parseJsonBody(request, await readBody(request));
    const note = findOwned(tenant, id, 'tenant.cross_write');
    const { known, extra } = validate(input, true);
    storedBytes -= note.body.length;
    Object.assign(note, known, {
      extra: { ...note.extra, ...extra },
      updatedAt: new Date().toISOString(),
    });
    storedBytes += note.body.length;
    send(response, 200, present(note));
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://demo.local');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = request.method ?? 'GET';
    if (path === '/health' && method === 'GET') return send(response, 200, { status: 'ok' });
    if (path === '/' && method === 'GET') {
      return send(response, 200, { name: 'Shakedown demo API', resources: ['/notes'] });
    }
    if (path === '/stats' && method === 'GET') {
      // Cheap and not rate limited: the load stage's route in examples/demo.yml.
      const tenant = requireTenant(request);
      const own = [...notes.values()].filter((note) => note.owner === tenant);
      return send(response, 200, {
        notes: own.length,
        pinned: own.filter((note) => note.pinned).length,
      });
    }
    if (path === '/notes') {
      if (method === 'POST') return createNote(request, response);
      if (method === 'GET') return listNotes(request, response);
      throw new HttpError(405, `${method} is not allowed on /notes`, { allow: 'GET, POST' });
    }
    const match = /^\/notes\/([^/]+)$/.exec(path);
    if (match) {
      const id = /^\d+$/.test(match[1]!) ? Number(match[1]) : Number.NaN;
      const tenant = requireTenant(request);
      if (Number.isNaN(id)) throw new HttpError(404, 'note not found');
      if (method === 'GET')
        return send(response, 200, present(findOwned(tenant, id, 'tenant.cross_read')));
      if (method === 'PATCH') return updateNote(request, response, id);
      if (method === 'DELETE') {
        remove(findOwned(tenant, id, 'tenant.cross_delete').id);
        response.writeHead(204).end();
        return;
      }
      throw new HttpError(405, `${method} is not allowed on /notes/{id}`, {
        allow: 'GET, PATCH, DELETE',
      });
    }
    throw new HttpError(404, 'not found');
  }

  return createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
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

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}
