import type { Budget } from '../config/config.schema';
import { systemClock, type Clock } from './clock';

/** What a {@link RunBudget} asks a ledger for: a lease of requests and of bytes. */
export interface LedgerWant {
  requests: number;
  bytes: number;
  /**
   * The largest answer body the spender received per answer key (method and path), for the
   * ledger to keep the run's largest; 0 for a key it only asks about.
   */
  answers?: Readonly<Record<string, number>>;
}

/** What the ledger granted (possibly less than asked, possibly nothing), and what is left. */
export interface LedgerGrant {
  requests: number;
  bytes: number;
  /** Left in the ledger after this grant. */
  requestsLeft: number;
  bytesLeft: number;
  /** Milliseconds before the run's deadline (`maxDuration` from the run's start); ≤ 0: spent. */
  remainingMs: number;
  /** The run's largest answer for each key of `want.answers`, as the ledger knows it now. */
  answers?: Record<string, number>;
}

/**
 * One run's budget of requests, bytes and time, shared by everything that spends it: the
 * probes and every load shard, in any number of processes. Each spender leases from it in
 * small blocks (a {@link RunBudget} with a ledger does this) and gives back what it did not
 * use, so the leases together never exceed `maxRequests` or `maxBytes`, and the deadline is
 * the run's wall clock, set once when the ledger opens.
 *
 * Implementations must take atomically: the in-memory one below for one process (the CLI,
 * unit tests), a Redis one in the hosted worker.
 */
export interface BudgetLedger {
  /** Grants up to `want` (all of it or what is left), nothing once the deadline has passed. */
  take(want: LedgerWant): Promise<LedgerGrant>;
  /**
   * Ends a lease: gives back `requests` unused requests and `bytes` unused bytes; `bytes` is
   * negative when the answers took more than was leased (they are counted then, not refused).
   * Keeps `answers` as `take` does.
   */
  settle(unused: LedgerWant): Promise<void>;
}

/** Computes a grant from the ledger's totals: the one rule every implementation follows. */
export function grantFrom(
  limits: Pick<Budget, 'maxRequests' | 'maxBytes'>,
  used: LedgerWant,
  want: LedgerWant,
  remainingMs: number,
): LedgerGrant {
  const requestsLeft = Math.max(0, limits.maxRequests - used.requests);
  const bytesLeft = Math.max(0, limits.maxBytes - used.bytes);
  if (remainingMs <= 0) return { requests: 0, bytes: 0, requestsLeft, bytesLeft, remainingMs };
  const requests = Math.min(Math.max(0, want.requests), requestsLeft);
  const bytes = Math.min(Math.max(0, want.bytes), bytesLeft);
  return {
    requests,
    bytes,
    requestsLeft: requestsLeft - requests,
    bytesLeft: bytesLeft - bytes,
    remainingMs,
  };
}

/** The ledger of a run that runs in one process: the CLI, and tests of {@link RunBudget}. */
export class InMemoryBudgetLedger implements BudgetLedger {
  private readonly deadline: number;
  private readonly used: LedgerWant = { requests: 0, bytes: 0 };
  private readonly answerSizes = new Map<string, number>();

  constructor(
    private readonly limits: Budget,
    private readonly clock: Clock = systemClock,
  ) {
    this.deadline = clock.now() + limits.maxDuration;
  }

  /** Requests and bytes leased and not given back. */
  get spent(): LedgerWant {
    return { ...this.used };
  }

  take(want: LedgerWant): Promise<LedgerGrant> {
    const grant = grantFrom(this.limits, this.used, want, this.deadline - this.clock.now());
    this.used.requests += grant.requests;
    this.used.bytes += grant.bytes;
    const answers = this.keepAnswers(want);
    return Promise.resolve(answers ? { ...grant, answers } : grant);
  }

  settle(unused: LedgerWant): Promise<void> {
    this.keepAnswers(unused);
    this.used.requests = Math.max(0, this.used.requests - unused.requests);
    this.used.bytes = Math.max(0, this.used.bytes - unused.bytes);
    return Promise.resolve();
  }

  /** Keeps the larger of each size told and the one kept; returns the kept ones. */
  private keepAnswers({ answers }: LedgerWant): Record<string, number> | undefined {
    if (!answers) return undefined;
    const kept: Record<string, number> = {};
    for (const [key, size] of Object.entries(answers)) {
      kept[key] = Math.max(this.answerSizes.get(key) ?? 0, size);
      this.answerSizes.set(key, kept[key]);
    }
    return kept;
  }
}
