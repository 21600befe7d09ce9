import { BudgetExceededError, RunBudget } from './budget';
import { InMemoryBudgetLedger, type BudgetLedger } from './budget-ledger';
import { manualClock as fakeClock } from '../testing/manual-clock';

const limits = { maxRps: 1000, maxRequests: 100, maxBytes: 10_000, maxDuration: 60_000 };

/** Spends from `budget` one request at a time until it refuses; returns the refusal. */
async function spendAll(budget: RunBudget, answerBytes = 0): Promise<BudgetExceededError> {
  for (let i = 0; i < 10_000; i++) {
    try {
      await budget.acquire();
      budget.recordBytes(answerBytes);
    } catch (error) {
      if (error instanceof BudgetExceededError) return error;
      throw error;
    }
  }
  throw new Error('the budget never refused');
}

describe('RunBudget drawing from a shared BudgetLedger', () => {
  it('three spenders on one ledger send maxRequests in all, not each', async () => {
    const clock = fakeClock();
    const ledger = new InMemoryBudgetLedger(limits, clock);
    const budgets = await Promise.all(
      [0, 1, 2].map(() => RunBudget.fromLedger(limits, ledger, clock)),
    );
    const refusals = await Promise.all(budgets.map((budget) => spendAll(budget)));
    const sent = budgets.reduce((sum, budget) => sum + budget.requestsSent, 0);
    expect(sent).toBe(100);
    expect(refusals.map((refusal) => refusal.limit)).toEqual([
      'maxRequests',
      'maxRequests',
      'maxRequests',
    ]);
  });

  it('settle gives back the unused lease, so a later spender can use it', async () => {
    const clock = fakeClock();
    const ledger = new InMemoryBudgetLedger(limits, clock);
    const probes = await RunBudget.fromLedger(limits, ledger, clock);
    for (let i = 0; i < 30; i++) await probes.acquire();
    expect(ledger.spent.requests).toBeGreaterThan(30);
    await probes.settle();
    expect(ledger.spent.requests).toBe(30);
    const shard = await RunBudget.fromLedger(limits, ledger, clock);
    expect(shard.remainingRequests).toBe(70);
    await spendAll(shard);
    expect(shard.requestsSent).toBe(70);
  });

  it('stops on the shared byte budget, counting every spender’s answers', async () => {
    const clock = fakeClock();
    const ledger = new InMemoryBudgetLedger({ ...limits, maxRequests: 10_000 }, clock);
    const budgets = await Promise.all(
      [0, 1].map(() => RunBudget.fromLedger({ ...limits, maxRequests: 10_000 }, ledger, clock)),
    );
    const refusals = await Promise.all(budgets.map((budget) => spendAll(budget, 100)));
    expect(refusals.map((refusal) => refusal.limit)).toEqual(['maxBytes', 'maxBytes']);
    for (const budget of budgets) await budget.settle();
    // Answers are counted when they arrive: one answer per spender may go past the lease.
    expect(ledger.spent.bytes).toBeLessThanOrEqual(10_000 + 2 * 100);
    expect(ledger.spent.bytes).toBeGreaterThanOrEqual(10_000 - 2 * 100);
  });

  it('the deadline is the ledger’s: a spender that starts late gets only what is left', async () => {
    const clock = fakeClock();
    const ledger = new InMemoryBudgetLedger(limits, clock);
    clock.advance(59_000);
    const late = await RunBudget.fromLedger(limits, ledger, clock);
    expect(late.remainingMs).toBe(1000);
    clock.advance(1000);
    await expect(late.acquire()).rejects.toMatchObject({ limit: 'maxDuration' });
    const later = await RunBudget.fromLedger(limits, ledger, clock);
    await expect(later.acquire()).rejects.toMatchObject({ limit: 'maxDuration' });
  });

  it('fails closed when the ledger cannot be reached', async () => {
    const broken: BudgetLedger = {
      take: () => Promise.reject(new Error('connection refused')),
      settle: () => Promise.resolve(),
    };
    const budget = await RunBudget.fromLedger(limits, broken, fakeClock());
    await expect(budget.acquire()).rejects.toThrow(
      /ledger could not be reached: connection refused/,
    );
    expect(() => budget.tryAcquire()).toThrow(BudgetExceededError);
  });

  it('tryAcquire says no while a lease is on its way, then yes', async () => {
    const clock = fakeClock();
    const ledger = new InMemoryBudgetLedger(limits, clock);
    const budget = new RunBudget(limits, clock, ledger);
    expect(budget.tryAcquire()).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(budget.tryAcquire()).toBe(true);
  });
});
