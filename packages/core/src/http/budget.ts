import type { Budget } from '../config/config.schema';
import { formatBytes, formatDuration } from '../config/units';
import { systemClock, type Clock } from './clock';

export type BudgetLimit = 'maxRequests' | 'maxBytes' | 'maxDuration';

/** Thrown instead of sending a request the run's budget does not allow. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  constructor(
    readonly limit: BudgetLimit,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The hard caps of one run (docs/spec/config.md `target.budget`), shared by every probe and
 * the load stage: no request leaves without `acquire`.
 *
 * `maxRps` is a GCRA token bucket (a bucket that may burst a tenth of a second's worth, at
 * least 8 requests so parallel checks can release together); `maxRequests`, `maxBytes` and
 * `maxDuration` are counters that refuse, never silently wait past the end.
 */
export class RunBudget {
  private readonly intervalMs: number;
  private readonly burstMs: number;
  private readonly startedAt: number;
  /** GCRA's theoretical arrival time of the next request. */
  private nextArrival: number;
  private requests = 0;
  private bytes = 0;

  constructor(
    readonly limits: Budget,
    private readonly clock: Clock = systemClock,
  ) {
    this.intervalMs = 1000 / limits.maxRps;
    const burst = Math.max(8, Math.ceil(limits.maxRps / 10));
    this.burstMs = this.intervalMs * (burst - 1);
    this.startedAt = clock.now();
    this.nextArrival = this.startedAt;
  }

  get requestsSent(): number {
    return this.requests;
  }

  get bytesUsed(): number {
    return this.bytes;
  }

  get remainingRequests(): number {
    return Math.max(0, this.limits.maxRequests - this.requests);
  }

  get remainingBytes(): number {
    return Math.max(0, this.limits.maxBytes - this.bytes);
  }

  /** Milliseconds left before `maxDuration`. */
  get remainingMs(): number {
    return Math.max(0, this.startedAt + this.limits.maxDuration - this.clock.now());
  }

  /**
   * Reserves `count` requests (and `bytes` of request body), waiting as `maxRps` demands.
   * Throws {@link BudgetExceededError} when a cap would be exceeded, before anything is sent.
   */
  async acquire(count = 1, options: { bytes?: number; signal?: AbortSignal } = {}): Promise<void> {
    const waitMs = this.reserve(count, options.bytes ?? 0);
    if (waitMs > 0) await this.clock.sleep(waitMs, options.signal);
  }

  /**
   * Reserves without waiting, for the load engine's hot path: returns false (and reserves
   * nothing) when `maxRps` would need a wait; throws like {@link acquire} on a hard cap.
   */
  tryAcquire(count = 1): boolean {
    const now = this.clock.now();
    if (Math.max(this.nextArrival, now) - this.burstMs > now) {
      this.checkCaps(count, 0, now);
      return false;
    }
    this.reserve(count, 0);
    return true;
  }

  /** Whether a body of `bytes` still fits the byte budget. */
  canSpend(bytes: number): boolean {
    return this.bytes + bytes <= this.limits.maxBytes;
  }

  /** Counts bytes received (answers); throws once the byte budget is used up. */
  recordBytes(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.maxBytes) {
      throw new BudgetExceededError(
        'maxBytes',
        `the run's byte budget (maxBytes ${formatBytes(this.limits.maxBytes)}) is used up`,
      );
    }
  }

  private reserve(count: number, bytes: number): number {
    const now = this.clock.now();
    const arrival = Math.max(this.nextArrival, now);
    const sendAt = Math.max(now, arrival - this.burstMs);
    this.checkCaps(count, bytes, sendAt);
    this.nextArrival = arrival + count * this.intervalMs;
    this.requests += count;
    this.bytes += bytes;
    return sendAt - now;
  }

  private checkCaps(count: number, bytes: number, sendAt: number): void {
    if (this.requests + count > this.limits.maxRequests) {
      throw new BudgetExceededError(
        'maxRequests',
        `the run's request budget (maxRequests ${this.limits.maxRequests}) is used up`,
      );
    }
    if (this.bytes + bytes > this.limits.maxBytes) {
      throw new BudgetExceededError(
        'maxBytes',
        `sending ${formatBytes(bytes)} would exceed the run's byte budget (maxBytes ${formatBytes(this.limits.maxBytes)})`,
      );
    }
    if (sendAt - this.startedAt >= this.limits.maxDuration) {
      throw new BudgetExceededError(
        'maxDuration',
        `the run's time budget (maxDuration ${formatDuration(this.limits.maxDuration)}) is used up`,
      );
    }
  }
}
