import type { Exchange } from '../report/report.schema';
import type { RunBudget } from './budget';
import type { Clock } from './clock';
import type { SecretMasker } from './evidence';
import type { NetworkPolicy } from './network-policy';

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
