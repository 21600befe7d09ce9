import { BudgetExceededError, RunBudget } from './budget';
import { InMemoryBudgetLedger, type BudgetLedger } from './budget-ledger';
import { manualClock as fakeClock } from '../testing/manual-clock';

const limits = { maxRps: 1000, maxRequests: 100, maxBytes: 10_000, maxDuration: 60_000 };

/** Spends from `budget` one request at a time until it refuses; returns the refusal. */
async function spendAll(budget: RunBudget, answerBytes = 0): Promise<BudgetExceededError> {
  for (let i = 0; i < 10_000; i++) {
    try {
      const answerRoom = await budget.acquire(1, { answerKey: 'GET /' });
      budget.recordAnswer(answerBytes, answerRoom, 'GET /');
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
    // Each request reserved room for its answer before it went: the ledger was never passed.
    expect(ledger.spent.bytes).toBeLessThanOrEqual(10_000);
    expect(ledger.spent.bytes).toBeGreaterThanOrEqual(10_000 - 2 * 100);
  });

  it('a spender that has had no answer to a URL yet reserves room for the run’s largest there', async () => {
    const clock = fakeClock();
    const bytesOnly = { ...limits, maxRequests: 10_000 };
    const ledger = new InMemoryBudgetLedger(bytesOnly, clock);
    const probes = await RunBudget.fromLedger(bytesOnly, ledger, clock);
    const list = 'GET /items';
    probes.recordAnswer(900, await probes.acquire(1, { answerKey: list }), list);
    probes.recordAnswer(300, await probes.acquire(1, { answerKey: list }), list);
    probes.recordAnswer(5_000, await probes.acquire(1, { answerKey: 'GET /big' }), 'GET /big');
    await probes.settle();
    const shard = await RunBudget.fromLedger(bytesOnly, ledger, clock);
    // The first request to /items asks the ledger, then reserves what the probes saw there.
    expect(await shard.acquire(1, { answerKey: list })).toBe(900);
    shard.recordAnswer(50, 900, list);
    expect(shard.answerRoom(list)).toBe(900);
    const rooms: unknown[] = [];
    let refusal: unknown;
    for (let i = 0; i < 10_000 && refusal === undefined; i++) {
      rooms.push(
        await shard.acquire(1, { answerKey: list }).catch((error: unknown) => (refusal = error)),
      );
    }
    rooms.pop();
    expect(refusal).toMatchObject({ limit: 'maxBytes' });
    // 10,000 bytes less the probes' 6,200 and the shard's first 50, in rooms of 900.
    expect(rooms).toHaveLength(Math.floor((10_000 - 6_200 - 50) / 900));
  });

  it('a load stage learns the room before its first request (tryAcquire asks, then reserves)', async () => {
    const clock = fakeClock();
    const ledger = new InMemoryBudgetLedger(limits, clock);
    await ledger.settle({ requests: 0, bytes: 0, answers: { 'GET /items': 700 } });
    const shard = await RunBudget.fromLedger(limits, ledger, clock);
    await shard.learnAnswerRoom('GET /items');
    expect(shard.answerRoom('GET /items')).toBe(700);
    expect(shard.tryAcquire(1, 0, 'GET /items')).toBe(true);
    expect(shard.bytesUsed).toBe(700);
    // Without it, tryAcquire says no (and asks) until the room is known and leased.
    const late = await RunBudget.fromLedger(limits, ledger, clock);
    expect(late.tryAcquire(1, 0, 'GET /items')).toBe(false);
    for (let tick = 0; tick < 3 && late.answerRoom('GET /items') === 0; tick++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(late.answerRoom('GET /items')).toBe(700);
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
