import { Client, type Dispatcher, type buildConnector } from 'undici';

import { answerKeyOf } from './answer-sizes';
import { BudgetExceededError, type RunBudget } from './budget';
import { systemClock, type Clock } from './clock';
import { SecretMasker } from './evidence';
import { ExchangeRecorder, receiveBody } from './exchange-recorder';
import { watchForEarlyAnswer } from './early-answer';
import { connectWith, createGuardedConnector } from './guarded-connector';
import { HUNG_UP_MESSAGE, requestBytes, writeThenClose } from './hang-up';
import { connectEach, handingOver } from './simultaneous-connections';
import {
  DEFAULT_TIMEOUTS,
  RateLimitedError,
  RunCancelledError,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResult,
  type HttpTimeouts,
  type TransportFailure,
} from './http-types';
import { NetworkPolicyError, allowAllNetwork } from './network-policy';
import { OriginPool } from './origin-pool';
import { describeWait, retryDelayMs } from './rate-limit-hints';
import { describeTransportFailure, isAbort } from './transport-failure';

/** Bodies at least this large are sent again, watching for an early answer, after a reset. */
const EARLY_ANSWER_MIN = 64 * 1024;

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
  private readonly recorder: ExchangeRecorder;

  constructor(options: HttpClientOptions) {
    this.budget = options.budget;
    this.clock = options.clock ?? systemClock;
    this.signal = options.signal;
    this.masker = options.masker ?? new SecretMasker([]);
    this.recorder = new ExchangeRecorder(this.masker);
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
      this.onResult?.(result);
      if (result.answer?.status !== 429 || request.on429 === 'answer') return result;
      const hinted = retryDelayMs(result.answer.headers);
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
    const answerRoom = await this.acquireBudget(
      first,
      bodies.reduce((sum, body) => sum + (body?.length ?? 0), 0),
      requests.length,
    );
    const connections = await connectEach(this.connector, url, requests.length);
    if ('refused' in connections) {
      this.rethrowIfNotTargetFailure(connections.refused);
      return requests.map((request, index) => {
        const result = this.recorder.failed(request, bodies[index], connections.refused, false);
        this.onResult?.(result);
        return result;
      });
    }
    const clients = connections.sockets.map((socket) =>
      this.createClient(url.origin, handingOver(socket, this.connector)),
    );
    try {
      this.throwIfCancelled();
      const sent = { started: this.clock.now(), answerRoom };
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
            ? await this.readAnswer(request, bodies[index], outcome.response, sent)
            : this.recorder.failed(request, bodies[index], outcome.error, false);
        this.onResult?.(result);
        results.push(result);
      }
      return results;
    } finally {
      await Promise.all(clients.map((client) => client.destroy().catch(() => undefined)));
    }
  }

  /**
   * Sends `request` on a fresh connection and closes it once the request is written, before
   * any answer (idempotency's lost-answer check). The result is a failure saying so.
   */
  async sendAndHangUp(request: HttpRequest): Promise<HttpResult> {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    await this.acquireBudget(request, body?.length ?? 0);
    this.throwIfCancelled();
    const url = new URL(request.url);
    let error: unknown = new Error(HUNG_UP_MESSAGE);
    try {
      const socket = await connectWith(this.connector, url);
      const headers = this.recorder.headersFor(request, body);
      await writeThenClose(socket, requestBytes(url, request.method, headers, body));
    } catch (caught) {
      this.rethrowIfNotTargetFailure(caught);
      error = caught;
    }
    const result = this.recorder.failed(request, body, error, false);
    this.onResult?.(result);
    return result;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  /**
   * One request; a reset while a large body was being sent is tried once more the way RFC 9112
   * asks (watching for an early answer): a server that answered 413 and closed refused the body,
   * it did not crash.
   */
  private async sendOnce(request: HttpRequest, body: Buffer | undefined): Promise<HttpResult> {
    const result = await this.sendOverPool(request, body);
    if (result.failure?.kind !== 'reset' || body === undefined || body.length < EARLY_ANSWER_MIN)
      return result;
    let received;
    try {
      received = await watchForEarlyAnswer(
        new URL(request.url),
        request.method,
        this.recorder.headersFor(request, body),
        body,
        {
          connector: this.connector,
          idleMs: this.timeouts.headersMs,
          now: () => this.clock.now(),
          budget: this.budget,
        },
      );
    } catch (error) {
      this.rethrowIfNotTargetFailure(error);
      return result;
    }
    if (!received) return result;
    const note = `${result.exchange.error ?? 'reset'}; sent again watching the connection: the server answered while the body was still being sent, then closed`;
    return this.recorder.answered(
      { ...request, note: request.note ? `${request.note}; ${note}` : note },
      body,
      received,
      result.retriedOnFreshConnection,
    );
  }

  private async sendOverPool(request: HttpRequest, body: Buffer | undefined): Promise<HttpResult> {
    const answerRoom = await this.acquireBudget(request, body?.length ?? 0);
    const pool = this.poolFor(new URL(request.url).origin);
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
        return await this.readAnswer(request, body, outcome.response, { started, answerRoom });
    } finally {
      pool.release(connection);
    }
    const failure = this.rethrowIfNotTargetFailure(outcome.error);
    if (!reused || failure.kind !== 'reset')
      return this.recorder.failed(request, body, outcome.error, false);
    // The reused keep-alive connection failed before any byte of the answer: only what a fresh
    // connection gets is the target's answer.
    const freshRoom = await this.acquireBudget(request, body?.length ?? 0);
    const fresh = this.createClient(new URL(request.url).origin, this.connector);
    try {
      const sent = { started: this.clock.now(), answerRoom: freshRoom, retried: true };
      let response: Dispatcher.ResponseData;
      try {
        this.throwIfCancelled();
        response = await this.dispatch(fresh, request, body);
      } catch (error) {
        this.rethrowIfNotTargetFailure(error);
        return this.recorder.failed(request, body, error, true);
      }
      return await this.readAnswer(request, body, response, sent);
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
      headers: this.recorder.headersFor(request, body),
      body: body ?? null,
      ...(this.signal ? { signal: this.signal } : {}),
    });
  }

  private async readAnswer(
    request: HttpRequest,
    body: Buffer | undefined,
    response: Dispatcher.ResponseData,
    sent: { started: number; answerRoom: number; retried?: boolean },
  ): Promise<HttpResult> {
    const received = await receiveBody(response, this.maxKept);
    if (received.bodyError !== undefined && this.signal?.aborted) throw new RunCancelledError();
    const ms = this.clock.now() - sent.started;
    const answerKey = answerKeyOf(request.method, request.url);
    this.budget.recordAnswer(received.bodyBytes, sent.answerRoom, answerKey);
    return this.recorder.answered(
      request,
      body,
      { statusCode: response.statusCode, headers: response.headers, ms, ...received },
      sent.retried ?? false,
    );
  }

  /** Budget refusals and cancellation propagate; anything else is the target's (lack of) answer. */
  private rethrowIfNotTargetFailure(error: unknown): TransportFailure {
    if (this.signal?.aborted || isAbort(error)) throw new RunCancelledError();
    if (error instanceof NetworkPolicyError || error instanceof BudgetExceededError) throw error;
    if (error instanceof RunCancelledError) throw error;
    return describeTransportFailure(error);
  }

  private acquireBudget(request: HttpRequest, bytes: number, count = 1): Promise<number> {
    const options = { bytes, answerKey: answerKeyOf(request.method, request.url) };
    return this.cancellable(this.budget.acquire(count, { ...options, signal: this.signal }));
  }

  private sleep(ms: number): Promise<void> {
    return this.cancellable(this.clock.sleep(ms, this.signal));
  }

  /** `waiting`, whose failure after the run was cancelled is the cancellation. */
  private async cancellable<T>(waiting: Promise<T>): Promise<T> {
    try {
      return await waiting;
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
