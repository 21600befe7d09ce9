/**
 * The key answers are sized by: the method and the path (no query), so a load stage's requests
 * and the probes' requests to the same URL share one size, and each created object's URL has
 * its own.
 */
export function answerKeyOf(method: string, url: string): string {
  return `${method.toUpperCase()} ${new URL(url).pathname}`;
}

/**
 * The largest answer body a {@link RunBudget} knows of for each answer key: those it received,
 * and, with a ledger, those other spenders of the run told the ledger. A key it has never heard
 * of is asked about once (a shard learns what the probes saw before its first request).
 */
export class AnswerSizes {
  private readonly known = new Map<string, number>();
  /** Sizes not told to the ledger yet; 0 for a key being asked about. */
  private readonly untold = new Map<string, number>();

  constructor(private readonly sharesWithLedger: boolean) {}

  /** Room to reserve for an answer to `key`: the largest known, 0 before any is. */
  roomFor(key: string | undefined): number {
    return key === undefined ? 0 : (this.known.get(key) ?? 0);
  }

  /** Whether the ledger must be asked about `key` before reserving for it (and asks). */
  mustAsk(key: string | undefined): key is string {
    if (!this.sharesWithLedger || key === undefined || this.known.has(key)) return false;
    if (!this.untold.has(key)) this.untold.set(key, 0);
    return true;
  }

  record(key: string | undefined, bytes: number): void {
    if (key === undefined || bytes <= (this.known.get(key) ?? -1)) return;
    this.known.set(key, bytes);
    if (this.sharesWithLedger) this.untold.set(key, bytes);
  }

  /** What to tell the ledger now (sizes, and keys asked about); undefined when nothing. */
  takeUntold(): Record<string, number> | undefined {
    if (this.untold.size === 0) return undefined;
    const told = Object.fromEntries(this.untold);
    this.untold.clear();
    return told;
  }

  /** Learns the ledger's answer to `told`: every key told is known from now on. */
  learn(told: Record<string, number>, fromLedger: Readonly<Record<string, number>> = {}): void {
    for (const [key, size] of Object.entries(told)) {
      this.known.set(key, Math.max(this.known.get(key) ?? 0, size, fromLedger[key] ?? 0));
    }
  }
}
