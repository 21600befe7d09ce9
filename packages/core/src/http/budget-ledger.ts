import type { Budget } from '../config/config.schema';
import { systemClock, type Clock } from './clock';

/** What a {@link RunBudget} asks a ledger for: a lease of requests and of bytes. */
export interface LedgerWant {
  requests: number;
  bytes: number;
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
    return Promise.resolve(grant);
  }

  settle(unused: LedgerWant): Promise<void> {
    this.used.requests = Math.max(0, this.used.requests - unused.requests);
    this.used.bytes = Math.max(0, this.used.bytes - unused.bytes);
    return Promise.resolve();
  }
}
