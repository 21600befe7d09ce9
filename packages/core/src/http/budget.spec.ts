import { BudgetExceededError, RunBudget } from './budget';
import { manualClock as fakeClock } from '../testing/manual-clock';

const limits = { maxRps: 100, maxRequests: 1000, maxBytes: 10_000, maxDuration: 60_000 };

describe('RunBudget', () => {
  it('lets a burst of ten through at once, then spaces requests at maxRps', async () => {
    const clock = fakeClock();
    const budget = new RunBudget(limits, clock);
    for (let i = 0; i < 10; i += 1) await budget.acquire();
    expect(clock.now()).toBe(0);
    await budget.acquire();
    expect(clock.now()).toBeCloseTo(10, 5);
    for (let i = 0; i < 100; i += 1) await budget.acquire();
    // 111 requests at 100/s with a 10-request burst take just over a second.
    expect(clock.now()).toBeCloseTo(1010, 5);
    expect(budget.requestsSent).toBe(111);
  });

  it('reserves parallel requests together', async () => {
    const clock = fakeClock();
    const budget = new RunBudget({ ...limits, maxRps: 2 }, clock);
    await budget.acquire(8);
    expect(clock.now()).toBe(0);
    await budget.acquire(1);
    expect(clock.now()).toBeCloseTo(500, 5);
  });

  it('refuses the request past maxRequests without counting it', async () => {
    const budget = new RunBudget({ ...limits, maxRequests: 3, maxRps: 1000 }, fakeClock());
    await budget.acquire(3);
    await expect(budget.acquire()).rejects.toThrow(BudgetExceededError);
    await expect(budget.acquire()).rejects.toMatchObject({ limit: 'maxRequests' });
    expect(budget.requestsSent).toBe(3);
  });

  it('refuses a body that would not fit maxBytes and counts bytes received', async () => {
    const budget = new RunBudget(limits, fakeClock());
    await expect(budget.acquire(1, { bytes: 10_001 })).rejects.toMatchObject({ limit: 'maxBytes' });
    const answerRoom = await budget.acquire(1, { bytes: 6_000 });
    expect(answerRoom).toBe(0);
    expect(() => budget.recordAnswer(5_000, answerRoom)).toThrow(/byte budget/);
  });

  it('reserves room for each answer before sending, so answers in flight cannot pass maxBytes', async () => {
    const budget = new RunBudget(limits, fakeClock());
    const answerKey = 'GET /items';
    budget.recordAnswer(1_000, await budget.acquire(1, { answerKey }), answerKey);
    expect(budget.answerRoom(answerKey)).toBe(1_000);
    // Another URL's answers are sized on their own.
    expect(budget.answerRoom('GET /items/1')).toBe(0);
    const rooms: number[] = [];
    let refusal: unknown;
    while (refusal === undefined && rooms.length < 20) {
      await budget.acquire(1, { bytes: 10, answerKey }).then(
        (room) => rooms.push(room),
        (error: unknown) => (refusal = error),
      );
    }
    expect(refusal).toMatchObject({ limit: 'maxBytes' });
    // 1,000 received, then requests of 10 bytes with room for 1,000: 8 fit in the other 9,000.
    expect(rooms).toEqual(new Array(8).fill(1_000));
    expect(budget.bytesUsed).toBe(1_000 + 8 * 1_010);
    // Smaller answers give the rest of their room back.
    for (const room of rooms) budget.recordAnswer(20, room, answerKey);
    expect(budget.bytesUsed).toBe(1_000 + 8 * 30);
    expect(budget.answerRoom(answerKey)).toBe(1_000);
  });

  it('refuses requests once maxDuration has passed, including ones that would wait past it', async () => {
    const clock = fakeClock();
    const budget = new RunBudget({ ...limits, maxDuration: 1_000, maxRps: 1 }, clock);
    await budget.acquire(8);
    await expect(budget.acquire()).rejects.toMatchObject({ limit: 'maxDuration' });
    expect(budget.remainingMs).toBe(1_000);
  });

  it('tryAcquire reserves the body and room for the answer, and refuses what would not fit', () => {
    const budget = new RunBudget({ ...limits, maxRps: 1000 }, fakeClock());
    budget.recordAnswer(4_000, 0, 'POST /items');
    expect(budget.tryAcquire(1, 500, 'POST /items')).toBe(true);
    expect(budget.bytesUsed).toBe(8_500);
    expect(() => budget.tryAcquire(1, 500, 'POST /items')).toThrow(BudgetExceededError);
  });

  it('never waits on the hot path: tryAcquire says no instead', () => {
    const clock = fakeClock();
    const budget = new RunBudget({ ...limits, maxRps: 10 }, clock);
    let granted = 0;
    while (budget.tryAcquire()) granted += 1;
    expect(granted).toBe(8);
    clock.advance(100);
    expect(budget.tryAcquire()).toBe(true);
    expect(budget.tryAcquire()).toBe(false);
  });
});
