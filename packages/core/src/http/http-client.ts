import type { Socket } from 'node:net';

import { Client, type Dispatcher, type buildConnector } from 'undici';

import type { Exchange } from '../report/report.schema';
import { BudgetExceededError, type RunBudget } from './budget';
import { systemClock, type Clock } from './clock';
import { SecretMasker, flattenHeaders, previewBody } from './evidence';
import { connectWith, createGuardedConnector } from './guarded-connector';
import { NetworkPolicyError, allowAllNetwork, type NetworkPolicy } from './network-policy';
import { retryDelayMs } from './rate-limit-hints';

export interface HttpTimeouts {
  /** TCP (and TLS) connection set-up. */
  connectMs: number;
  /** From the end of the request to the end of the answer's headers. */
  headersMs: number;
  /** Longest silence while the answer's body arrives. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = {
  connectMs: 10_000,
  headersMs: 20_000,
  bodyMs: 20_000,
};

export interface HttpRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Buffer;
  /** What the exchange shows, kept in the evidence (`retry 2 of 3`). */
  note?: string;
  /** The route the request belongs to; answers are inspected per route (errors probe). */
  route?: string;
  /**
   * `wait` (the default): a 429 is not an answer; wait as `Retry-After` / `RateLimit` says
   * (bounded by the budget) and send again. `answer`: a 429 is the answer (rate-limit probes).
   */
  on429?: 'wait' | 'answer';
}

/** An answer as the probes read it. */
export interface HttpAnswer {
  status: number;
  /** Lower-case names, repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body as text (at most {@link HttpClientOptions.maxKeptBodyBytes} of it). */
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
  /** The body's full size in bytes. */
  bodyBytes: number;
  ms: number;
}

export type TransportFailureKind = 'reset' | 'refused' | 'timeout' | 'dns' | 'other';

/** A request that got no answer. */
export interface TransportFailure {
  kind: TransportFailureKind;
  /** `connection reset before any answer (ECONNRESET)`. */
  message: string;
  code?: string;
}

export interface HttpResult {
  request: HttpRequest;
  /** Masked evidence of what counts as the target's answer (after a fresh-connection retry, that one). */
  exchange: Exchange;
  /** Absent when no answer came: see `failure`. */
  answer?: HttpAnswer;
  failure?: TransportFailure;
  /** True when the first attempt failed on a reused keep-alive connection and this is the fresh retry. */
  retriedOnFreshConnection: boolean;
}

/** The run was cancelled through its signal. */
export class RunCancelledError extends Error {
  override readonly name = 'RunCancelledError';
  constructor() {
    super('cancelled');
  }
}

/** A request outside the rate-limit probes kept getting 429, or was asked to wait too long. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    readonly exchange: Exchange,
  ) {
    super(message);
  }
}

export interface HttpClientOptions {
  budget: RunBudget;
  network?: NetworkPolicy;
  clock?: Clock;
  signal?: AbortSignal;
  masker?: SecretMasker;
  timeouts?: Partial<HttpTimeouts>;
  /** Keep-alive connections per origin (default 8). */
  maxConnectionsPerOrigin?: number;
  /** How much of each answer is kept for the probes to read (default 16 MB; the rest is counted and dropped). */
  maxKeptBodyBytes?: number;
  /** Most 429 waits for one request before it is an error (default 3). */
  max429Waits?: number;
  /** Longest single 429 wait (default 30 s). */
  max429WaitMs?: number;
  /** Called with every result, answered or not (the errors probe inspects them). */
  onResult?: (result: HttpResult) => void;
}

/** Answers larger than this are not read to the end: the connection is dropped. */
const HARD_BODY_CAP = 64 * 1024 ** 2;
const USER_AGENT = 'shakedown-probe/1 (+https://shakedown.dev/docs/probes)';

interface PooledConnection {
  client: Client;
  connected: boolean;
  busy: boolean;
}

/**
 * Keep-alive connections to one origin, one single-socket client each, so the client always
 * knows whether a request goes out on a reused connection (the fresh-connection retry rule).
 */
class OriginPool {
  private readonly connections: PooledConnection[] = [];
  private readonly waiters: ((connection: PooledConnection) => void)[] = [];

  constructor(
    private readonly createClient: () => Client,
    private readonly max: number,
  ) {}

  acquire(): Promise<PooledConnection> {
    const free = this.connections.filter((connection) => !connection.busy);
    const pick = free.find((connection) => connection.connected) ?? free[0];
    if (pick) {
      pick.busy = true;
      return Promise.resolve(pick);
    }
    if (this.connections.length < this.max) {
      const connection = this.add();
      connection.busy = true;
      return Promise.resolve(connection);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(connection: PooledConnection): void {
    const next = this.waiters.shift();
    if (next) next(connection);
    else connection.busy = false;
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.client.destroy()));
  }

  private add(): PooledConnection {
    const connection: PooledConnection = {
      client: this.createClient(),
      connected: false,
      busy: false,
    };
    connection.client.on('connect', () => {
      connection.connected = true;
    });
    connection.client.on('disconnect', () => {
      connection.connected = false;
    });
    connection.client.on('connectionError', () => {
      connection.connected = false;
    });
    this.connections.push(connection);
    return connection;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Names a transport failure the way evidence shows it. */
export function describeTransportFailure(error: unknown): TransportFailure {
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown }).cause);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return {
        kind: 'reset',
        code,
        message: `connection closed before any answer (${code}: ${message})`,
      };
    case 'ECONNREFUSED':
      return { kind: 'refused', code, message: `connection refused (${message})` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'dns', code, message: `host not found (${message})` };
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return { kind: 'timeout', code, message: `no answer in time (${code}: ${message})` };
    default:
      return code === undefined
        ? { kind: 'other', message }
        : { kind: 'other', code, message: `${code}: ${message}` };
  }
}

function isAbort(error: unknown): boolean {
  const code = errorCode(error);
  return (
    code === 'UND_ERR_ABORTED' ||
    code === 'ABORT_ERR' ||
    (error instanceof Error &&
      (error.name === 'AbortError' || error.name === 'RequestAbortedError'))
  );
}

function describeWait(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

/**
 * The probes' HTTP client: every request through the run's budget, keep-alive pools per origin,
 * timeouts, the network policy on every connection, masked evidence of every exchange, the
 * fresh-connection retry and 429 waits of docs/spec/findings.md "Safety". It never follows
 * redirects: a 3xx is the answer.
 */
export class HttpClient {
  readonly budget: RunBudget;
  private readonly clock: Clock;
  private readonly signal: AbortSignal | undefined;
  readonly masker: SecretMasker;
  private readonly timeouts: HttpTimeouts;
  private readonly connector: buildConnector.connector;
  private readonly pools = new Map<string, OriginPool>();
  private readonly maxConnections: number;
  private readonly maxKept: number;
  private readonly max429Waits: number;
  private readonly max429WaitMs: number;
  private readonly onResult: ((result: HttpResult) => void) | undefined;

  constructor(options: HttpClientOptions) {
    this.budget = options.budget;
    this.clock = options.clock ?? systemClock;
    this.signal = options.signal;
    this.masker = options.masker ?? new SecretMasker([]);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.connector = createGuardedConnector(options.network ?? allowAllNetwork, {
      timeout: this.timeouts.connectMs,
    });
    this.maxConnections = options.maxConnectionsPerOrigin ?? 8;
    this.maxKept = options.maxKeptBodyBytes ?? 16 * 1024 ** 2;
    this.max429Waits = options.max429Waits ?? 3;
    this.max429WaitMs = options.max429WaitMs ?? 30_000;
    this.onResult = options.onResult;
  }

  /**
   * Sends one request. Resolves with the answer or the transport failure (a reset is evidence
   * too); throws {@link BudgetExceededError}, {@link NetworkPolicyError}, {@link RunCancelledError}
   * or {@link RateLimitedError}, none of which is the target's answer.
   */
  async send(request: HttpRequest): Promise<HttpResult> {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    let waits = 0;
    for (;;) {
      this.throwIfCancelled();
      const result = await this.sendOnce(request, body);
      const status = result.answer?.status;
      if (status !== 429 || request.on429 === 'answer') {
        this.onResult?.(result);
        return result;
      }
      this.onResult?.(result);
      const hinted = retryDelayMs(result.answer!.headers);
      const waitMs = hinted ?? 1000 * 2 ** waits;
      if (waits >= this.max429Waits) {
        throw new RateLimitedError(
          `the target still answered 429 (rate limited) after ${waits} waits`,
          result.exchange,
        );
      }
      if (waitMs > this.max429WaitMs || waitMs > this.budget.remainingMs - 1000) {
        throw new RateLimitedError(
          `the target answered 429 (rate limited) and asks to wait ${describeWait(waitMs)}, longer than the run can wait`,
          result.exchange,
        );
      }
      waits += 1;
      await this.sleep(waitMs);
    }
  }

  /**
   * Sends `requests` truly at once: one fresh connection each, all connected first, then every
   * request written in the same tick (idempotency's parallel check). 429s are answers here.
   */
  async sendSimultaneously(requests: readonly HttpRequest[]): Promise<HttpResult[]> {
    const first = requests[0];
    if (!first) return [];
    const url = new URL(first.url);
    if (requests.some((request) => new URL(request.url).origin !== url.origin)) {
      throw new Error('simultaneous requests must share one origin');
    }
    const bodies = requests.map((request) =>
      request.body === undefined ? undefined : Buffer.from(request.body),
    );
    await this.acquireBudget(
      requests.length,
      bodies.reduce((sum, body) => sum + (body?.length ?? 0), 0),
    );
    const connected = await Promise.allSettled(
      requests.map(() => connectWith(this.connector, url)),
    );
    const refused = connected.find((outcome) => outcome.status === 'rejected');
    if (refused) {
      // All or nothing: without every connection the batch is not simultaneous. Nothing was sent.
      for (const outcome of connected) if (outcome.status === 'fulfilled') outcome.value.destroy();
      const reason: unknown = refused.reason;
      this.rethrowIfNotTargetFailure(reason);
      return requests.map((request, index) => {
        const result = this.failed(request, bodies[index], reason, false);
        this.onResult?.(result);
        return result;
      });
    }
    const sockets = connected.map((outcome) => (outcome as PromiseFulfilledResult<Socket>).value);
    const clients = sockets.map((socket) => {
      let handed: Socket | undefined = socket;
      return this.createClient(url.origin, (options, callback) => {
        const ready = handed;
        handed = undefined;
        // undici needs the connector to answer asynchronously; a microtask keeps every request
        // of the batch in the same tick.
        if (ready && !ready.destroyed) queueMicrotask(() => callback(null, ready));
        else this.connector(options, callback);
      });
    });
    try {
      this.throwIfCancelled();
      const started = this.clock.now();
      // Every request is dispatched in this one synchronous loop: all bytes leave in the same tick.
      const pending = requests.map((request, index) =>
        this.dispatch(clients[index]!, request, bodies[index]).then(
          (response) => ({ response, error: undefined }),
          (error: unknown) => ({ response: undefined, error }),
        ),
      );
      const settled = await Promise.all(pending);
      const results: HttpResult[] = [];
      for (const [index, outcome] of settled.entries()) {
        const request = requests[index]!;
        const result =
          outcome.response !== undefined
            ? await this.readAnswer(request, bodies[index], outcome.response, started, false)
            : this.failed(request, bodies[index], outcome.error, false);
        this.onResult?.(result);
        results.push(result);
      }
      return results;
    } finally {
      await Promise.all(clients.map((client) => client.destroy().catch(() => undefined)));
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  private async sendOnce(request: HttpRequest, body: Buffer | undefined): Promise<HttpResult> {
    await this.acquireBudget(1, body?.length ?? 0);
    const origin = new URL(request.url).origin;
    const pool = this.poolFor(origin);
    const connection = await pool.acquire();
    const reused = connection.connected;
    let outcome: { response?: Dispatcher.ResponseData; error?: unknown };
    const started = this.clock.now();
    try {
      this.throwIfCancelled();
      outcome = { response: await this.dispatch(connection.client, request, body) };
    } catch (error) {
      outcome = { error };
    }
    try {
      if (outcome.response)
        return await this.readAnswer(request, body, outcome.response, started, false);
    } finally {
      pool.release(connection);
    }
    const failure = this.rethrowIfNotTargetFailure(outcome.error);
    if (!reused || failure.kind !== 'reset')
      return this.failed(request, body, outcome.error, false);
    // The reused keep-alive connection failed before any byte of the answer: only what a fresh
    // connection gets is the target's answer.
    await this.acquireBudget(1, body?.length ?? 0);
    const fresh = this.createClient(origin, this.connector);
    try {
      const freshStarted = this.clock.now();
      let response: Dispatcher.ResponseData;
      try {
        this.throwIfCancelled();
        response = await this.dispatch(fresh, request, body);
      } catch (error) {
        this.rethrowIfNotTargetFailure(error);
        return this.failed(request, body, error, true);
      }
      return await this.readAnswer(request, body, response, freshStarted, true);
    } finally {
      await fresh.destroy().catch(() => undefined);
    }
  }

  private dispatch(
    client: Client,
    request: HttpRequest,
    body: Buffer | undefined,
  ): Promise<Dispatcher.ResponseData> {
    const url = new URL(request.url);
    return client.request({
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers: this.headersFor(request, body),
      body: body ?? null,
      ...(this.signal ? { signal: this.signal } : {}),
    });
  }

  private headersFor(request: HttpRequest, body: Buffer | undefined): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: 'application/json, */*;q=0.5',
    };
    const names = new Set(Object.keys(request.headers ?? {}).map((name) => name.toLowerCase()));
    for (const name of Object.keys(headers)) if (names.has(name)) delete headers[name];
    if (body !== undefined && !names.has('content-type'))
      headers['content-type'] = 'application/json';
    return { ...headers, ...request.headers };
  }

  private async readAnswer(
    request: HttpRequest,
    body: Buffer | undefined,
    response: Dispatcher.ResponseData,
    started: number,
    retriedOnFreshConnection: boolean,
  ): Promise<HttpResult> {
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    let bodyError: unknown;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (kept < this.maxKept) {
          chunks.push(chunk);
          kept += chunk.length;
        }
        if (total > HARD_BODY_CAP) {
          response.body.destroy();
          break;
        }
      }
    } catch (error) {
      if (this.signal?.aborted) throw new RunCancelledError();
      bodyError = error;
    }
    const ms = this.clock.now() - started;
    this.budget.recordBytes(total);
    const buffer = Buffer.concat(chunks);
    const headers = flattenHeaders(response.headers);
    const text = buffer.toString('utf8');
    const answer: HttpAnswer = {
      status: response.statusCode,
      headers,
      text,
      json: parseJson(text),
      bodyBytes: total,
      ms,
    };
    const exchange: Exchange = {
      request: this.evidenceRequest(request, body),
      response: {
        status: answer.status,
        headers: this.masker.maskHeaders(headers),
        ...previewBody(buffer, this.masker, total),
        ms: Math.round(ms * 10) / 10,
      },
      ...(bodyError !== undefined
        ? {
            error: `the connection broke while the answer arrived (${describeTransportFailure(bodyError).message})`,
          }
        : {}),
      ...this.noteFor(request, retriedOnFreshConnection),
    };
    return { request, exchange, answer, retriedOnFreshConnection };
  }

  private failed(
    request: HttpRequest,
    body: Buffer | undefined,
    error: unknown,
    retriedOnFreshConnection: boolean,
  ): HttpResult {
    const failure = describeTransportFailure(error);
    return {
      request,
      exchange: {
        request: this.evidenceRequest(request, body),
        error: failure.message,
        ...this.noteFor(request, retriedOnFreshConnection),
      },
      failure,
      retriedOnFreshConnection,
    };
  }

  private noteFor(request: HttpRequest, retried: boolean): { note?: string } {
    const parts = [
      request.note,
      retried
        ? 'sent again on a fresh connection after the reused keep-alive connection closed'
        : undefined,
    ].filter((part): part is string => part !== undefined);
    return parts.length > 0 ? { note: parts.join('; ') } : {};
  }

  private evidenceRequest(request: HttpRequest, body: Buffer | undefined): Exchange['request'] {
    return {
      method: request.method,
      url: this.masker.maskText(request.url),
      headers: this.masker.maskHeaders(this.headersFor(request, body)),
      ...previewBody(body, this.masker),
    };
  }

  /** Budget refusals and cancellation propagate; anything else is the target's (lack of) answer. */
  private rethrowIfNotTargetFailure(error: unknown): TransportFailure {
    if (this.signal?.aborted || isAbort(error)) throw new RunCancelledError();
    if (error instanceof NetworkPolicyError || error instanceof BudgetExceededError) throw error;
    if (error instanceof RunCancelledError) throw error;
    return describeTransportFailure(error);
  }

  private async acquireBudget(count: number, bytes: number): Promise<void> {
    try {
      await this.budget.acquire(count, { bytes, ...(this.signal ? { signal: this.signal } : {}) });
    } catch (error) {
      if (this.signal?.aborted) throw new RunCancelledError();
      throw error;
    }
  }

  private async sleep(ms: number): Promise<void> {
    try {
      await this.clock.sleep(ms, this.signal);
    } catch (error) {
      if (this.signal?.aborted) throw new RunCancelledError();
      throw error;
    }
  }

  private throwIfCancelled(): void {
    if (this.signal?.aborted) throw new RunCancelledError();
  }

  private poolFor(origin: string): OriginPool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new OriginPool(() => this.createClient(origin, this.connector), this.maxConnections);
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private createClient(origin: string, connect: buildConnector.connector): Client {
    return new Client(origin, {
      pipelining: 1,
      connect,
      headersTimeout: this.timeouts.headersMs,
      bodyTimeout: this.timeouts.bodyMs,
      keepAliveTimeout: 4_000,
    });
  }
}

function parseJson(text: string): unknown {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[') && !trimmed.startsWith('"'))
    return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
