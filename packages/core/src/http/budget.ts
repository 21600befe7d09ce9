import type { Budget } from '../config/config.schema';
import { formatBytes, formatDuration } from '../config/units';
import { AnswerSizes } from './answer-sizes';
import type { BudgetLedger, LedgerWant } from './budget-ledger';
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

/** A budget that draws from a shared ledger: what the ledger still holds, as last seen. */
interface Shared {
  ledger: BudgetLedger;
  pending: Promise<void> | undefined;
  requestsLeft: number;
  bytesLeft: number;
  requestsOut: boolean;
  bytesOut: boolean;
  /** Why the ledger could not be reached: every cap is then final (fail closed). */
  error: string | undefined;
  requestLease: number;
  byteLease: number;
}

const NOTHING: LedgerWant = { requests: 0, bytes: 0 };

/** Lease a quarter of a second of requests at `maxRps`, and a 32nd of the bytes, at a time. */
const LEASE_SECONDS = 0.25;
const BYTE_LEASES = 32;

/**
 * The hard caps of one run (docs/spec/config.md `target.budget`), shared by every probe and
 * the load stage: no request leaves without `acquire`.
 *
 * `maxRps` is a GCRA token bucket (a bucket that may burst a tenth of a second's worth, at
 * least 8 requests so parallel checks can release together); `maxRequests`, `maxBytes` and
 * `maxDuration` are counters that refuse, never silently wait past the end.
 *
 * Bytes are spent before they travel: each request reserves its body and room for an answer as
 * large as the largest to the same method and path so far ({@link answerRoom}; with a ledger,
 * by any spender of the run), and {@link recordAnswer} puts the real size in place of the room:
 * only an answer larger than every earlier one to its URL can carry the run past `maxBytes`.
 *
 * On its own (`new RunBudget(limits)`) the counters are this object's. With a
 * {@link BudgetLedger} (`await RunBudget.fromLedger(limits, ledger)`) they are the run's: the
 * budget leases small blocks of requests and bytes from the ledger ahead of need, takes the
 * run's deadline from it, and {@link settle} gives back what it did not use, so the probes and
 * every load shard of a run, in any process, together stay within one budget.
 */
export class RunBudget {
  private readonly intervalMs: number;
  private readonly burstMs: number;
  /** GCRA's theoretical arrival time of the next request. */
  private nextArrival: number;
  private requests = 0;
  private bytes = 0;
  private requestCap: number;
  private byteCap: number;
  private deadline: number;
  private readonly answers: AnswerSizes;
  private readonly shared: Shared | undefined;

  constructor(
    readonly limits: Budget,
    private readonly clock: Clock = systemClock,
    ledger?: BudgetLedger,
  ) {
    this.intervalMs = 1000 / limits.maxRps;
    const burst = Math.max(8, Math.ceil(limits.maxRps / 10));
    this.burstMs = this.intervalMs * (burst - 1);
    const startedAt = clock.now();
    this.nextArrival = startedAt;
    this.answers = new AnswerSizes(ledger !== undefined);
    if (ledger) {
      this.requestCap = 0;
      this.byteCap = 0;
      this.deadline = Infinity;
      this.shared = {
        ledger,
        pending: undefined,
        requestsLeft: limits.maxRequests,
        bytesLeft: limits.maxBytes,
        requestsOut: false,
        bytesOut: false,
        error: undefined,
        requestLease: Math.max(1, Math.ceil(limits.maxRps * LEASE_SECONDS)),
        byteLease: Math.max(1, Math.ceil(limits.maxBytes / BYTE_LEASES)),
      };
    } else {
      this.requestCap = limits.maxRequests;
      this.byteCap = limits.maxBytes;
      this.deadline = startedAt + limits.maxDuration;
    }
  }

  /** A budget that draws from `ledger`, with its first lease (and the run's deadline) taken. */
  static async fromLedger(
    limits: Budget,
    ledger: BudgetLedger,
    clock: Clock = systemClock,
  ): Promise<RunBudget> {
    const budget = new RunBudget(limits, clock, ledger);
    await budget.refill({ requests: 1, bytes: 1 });
    return budget;
  }

  get requestsSent(): number {
    return this.requests;
  }

  get bytesUsed(): number {
    return this.bytes;
  }

  get remainingRequests(): number {
    return Math.max(0, this.requestCap - this.requests + (this.shared?.requestsLeft ?? 0));
  }

  get remainingBytes(): number {
    return Math.max(0, this.byteCap - this.bytes + (this.shared?.bytesLeft ?? 0));
  }

  /**
   * Asks the ledger what the run knows of answers to `answerKey` (a no-op without a ledger, or
   * once known), and leases room for one: a load stage calls it before its first request.
   */
  async learnAnswerRoom(answerKey: string): Promise<void> {
    for (let tries = 0; tries < 3 && this.mustAskLedger(answerKey); tries++) {
      await this.refill(NOTHING);
    }
    const room = this.answers.roomFor(answerKey);
    if (this.byteCap - this.bytes < room) await this.refill({ requests: 0, bytes: room });
  }

  /** Room reserved for an answer to `answerKey` ({@link answerKeyOf}): the largest known. */
  answerRoom(answerKey: string | undefined): number {
    return this.answers.roomFor(answerKey);
  }

  /** Milliseconds left before `maxDuration` (the run's deadline, with a ledger). */
  get remainingMs(): number {
    return Math.max(0, Math.min(this.deadline, Number.MAX_SAFE_INTEGER) - this.clock.now());
  }

  /**
   * Reserves `count` requests, `bytes` of request body and room for each answer, waiting as
   * `maxRps` demands. Resolves to the room reserved per answer, for {@link recordAnswer}.
   * Throws {@link BudgetExceededError} when a cap would be exceeded, before anything is sent.
   */
  async acquire(
    count = 1,
    options: { bytes?: number; signal?: AbortSignal | undefined; answerKey?: string } = {},
  ): Promise<number> {
    // Each lease grows a cap or marks the ledger spent, so this ends: bounded all the same.
    for (let lease = 0; lease <= count + BYTE_LEASES * 4; lease++) {
      if (this.mustAskLedger(options.answerKey)) {
        await this.refill(NOTHING);
        continue;
      }
      const answerRoom = this.answers.roomFor(options.answerKey);
      const bytes = (options.bytes ?? 0) + count * answerRoom;
      const waitMs = this.reserve(count, bytes);
      if (waitMs === 'lease') {
        await this.refill({ requests: count, bytes });
        continue;
      }
      if (waitMs > 0) await this.clock.sleep(waitMs, options.signal);
      return answerRoom;
    }
    throw this.exceeded('maxRequests');
  }

  /**
   * Reserves without waiting, for the load engine's hot path: returns false (and reserves
   * nothing) when `maxRps` would need a wait, or while a lease from the ledger is on its way;
   * throws like {@link acquire} on a hard cap. Each request reserves `requestBytes` and
   * {@link answerRoom} (read it before calling, for {@link recordAnswer}).
   */
  tryAcquire(count = 1, requestBytes = 0, answerKey?: string): boolean {
    if (this.mustAskLedger(answerKey)) {
      void this.refill(NOTHING);
      return false;
    }
    const now = this.clock.now();
    const bytes = count * (requestBytes + this.answers.roomFor(answerKey));
    if (Math.max(this.nextArrival, now) - this.burstMs > now) {
      this.checkCaps(count, bytes, now);
      return false;
    }
    if (this.reserve(count, bytes) !== 'lease') return true;
    void this.refill({ requests: count, bytes });
    return false;
  }

  /**
   * Counts an answer of `bytes` in place of the `reserved` room its request took (what
   * {@link acquire} resolved to, or the allowance before {@link tryAcquire}); throws once the
   * byte budget is used up.
   */
  recordAnswer(bytes: number, reserved: number, answerKey?: string): void {
    this.answers.record(answerKey, bytes);
    this.bytes += bytes - reserved;
    if (this.bytes <= this.byteCap) {
      this.prefetch();
      return;
    }
    if (this.shared && !this.shared.bytesOut) {
      void this.refill({ requests: 0, bytes: this.bytes - this.byteCap });
      return;
    }
    throw new BudgetExceededError(
      'maxBytes',
      `the run's byte budget (maxBytes ${formatBytes(this.limits.maxBytes)}) is used up`,
    );
  }

  /**
   * Gives the ledger back what this budget leased and did not use (and counts answers that
   * took more bytes than leased). A no-op without a ledger. Call it when this spender is done.
   */
  async settle(): Promise<void> {
    const shared = this.shared;
    if (!shared) return;
    await shared.pending;
    const answers = this.answers.takeUntold();
    const unused: LedgerWant = {
      requests: Math.max(0, this.requestCap - this.requests),
      bytes: this.byteCap - this.bytes,
      ...(answers ? { answers } : {}),
    };
    this.requestCap -= unused.requests;
    this.byteCap -= unused.bytes;
    if (unused.requests !== 0 || unused.bytes !== 0 || answers) await shared.ledger.settle(unused);
  }

  private reserve(count: number, bytes: number): number | 'lease' {
    const now = this.clock.now();
    const arrival = Math.max(this.nextArrival, now);
    const sendAt = Math.max(now, arrival - this.burstMs);
    if (this.checkCaps(count, bytes, sendAt)) return 'lease';
    this.nextArrival = arrival + count * this.intervalMs;
    this.requests += count;
    this.bytes += bytes;
    this.prefetch();
    return sendAt - now;
  }

  /** Whether the ledger is to be asked what it knows of `answerKey`'s answers first. */
  private mustAskLedger(answerKey: string | undefined): boolean {
    return this.shared?.error === undefined && this.answers.mustAsk(answerKey);
  }

  /** Throws on a hard cap; true when the ledger may still lease what is missing. */
  private checkCaps(count: number, bytes: number, sendAt: number): boolean {
    const shared = this.shared;
    if (sendAt >= this.deadline) throw this.exceeded('maxDuration');
    if (this.requests + count > this.requestCap) {
      if (shared && !shared.requestsOut) return true;
      throw this.exceeded('maxRequests', count);
    }
    if (shared && !shared.bytesOut && this.bytes + bytes >= this.byteCap) return true;
    if (this.bytes + bytes > this.byteCap) throw this.exceeded('maxBytes', bytes);
    return false;
  }

  /** Starts the next lease early, when what is left of this one runs low. */
  private prefetch(): void {
    const shared = this.shared;
    if (!shared || shared.pending) return;
    const want = this.leaseFor({ requests: 0, bytes: 0 }, shared);
    if (want.requests > 0 || want.bytes > 0) void this.refill(want);
  }

  /** What to ask the ledger for: what `need`s, and a block of whatever runs low. */
  private leaseFor(need: LedgerWant, shared: Shared): LedgerWant {
    const shortOfRequests =
      need.requests > 0 || this.requestCap - this.requests < shared.requestLease / 2;
    const shortOfBytes = need.bytes > 0 || this.byteCap - this.bytes < shared.byteLease / 2;
    return {
      requests:
        shortOfRequests && !shared.requestsOut ? Math.max(need.requests, shared.requestLease) : 0,
      bytes: shortOfBytes && !shared.bytesOut ? Math.max(need.bytes, shared.byteLease) : 0,
    };
  }

  /** One lease at a time: at least `need`, and a block of what runs low. Never rejects. */
  private refill(need: LedgerWant): Promise<void> {
    const shared = this.shared;
    if (!shared) return Promise.resolve();
    if (shared.pending) return shared.pending;
    const want = this.leaseFor(need, shared);
    const answers = this.answers.takeUntold();
    const askedAt = this.clock.now();
    shared.pending = shared.ledger
      .take(answers ? { ...want, answers } : want)
      .then((grant) => {
        if (answers) this.answers.learn(answers, grant.answers);
        this.requestCap += grant.requests;
        this.byteCap += grant.bytes;
        shared.requestsLeft = grant.requestsLeft;
        shared.bytesLeft = grant.bytesLeft;
        shared.requestsOut ||= grant.requestsLeft === 0 || grant.requests < want.requests;
        shared.bytesOut ||= grant.bytesLeft === 0 || grant.bytes < want.bytes;
        this.deadline = askedAt + grant.remainingMs;
      })
      .catch((error: unknown) => {
        shared.error = error instanceof Error ? error.message : String(error);
        shared.requestsOut = shared.bytesOut = true;
        shared.requestsLeft = shared.bytesLeft = 0;
      })
      .finally(() => {
        shared.pending = undefined;
      });
    return shared.pending;
  }

  private exceeded(limit: BudgetLimit, amount = 0): BudgetExceededError {
    const cause = this.shared?.error
      ? ` (its ledger could not be reached: ${this.shared.error})`
      : '';
    switch (limit) {
      case 'maxRequests':
        return new BudgetExceededError(
          limit,
          `the run's request budget (maxRequests ${this.limits.maxRequests}) is used up${cause}`,
        );
      case 'maxBytes':
        return new BudgetExceededError(
          limit,
          `sending ${formatBytes(amount)} (request bodies and room for answers as large as the largest so far) would exceed the run's byte budget (maxBytes ${formatBytes(this.limits.maxBytes)})${cause}`,
        );
      case 'maxDuration':
        return new BudgetExceededError(
          limit,
          `the run's time budget (maxDuration ${formatDuration(this.limits.maxDuration)}) is used up`,
        );
    }
  }
}
