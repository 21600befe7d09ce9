import { randomUUID } from 'node:crypto';

import { BudgetExceededError, RunBudget } from '@shakedown/core/http';
import { Redis } from 'ioredis';

import type { DeploymentConfig } from '../config/deployment-env';
import { createRedisPrefix, dropRedisPrefix, TEST_REDIS_URL } from '../testing/redis-prefix';
import { RunBudgetLedgers } from './run-budget-ledgers';

const limits = { maxRps: 10_000, maxRequests: 500, maxBytes: 1_000_000, maxDuration: 60_000 };

describe('run budget ledgers in Redis', () => {
  const prefix = createRedisPrefix();
  const config = { REDIS_PREFIX: prefix } as DeploymentConfig;
  // Two connections, as two worker processes would have.
  const clients = [0, 1, 2].map(() => new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 }));
  const ledgers = clients.map((client) => new RunBudgetLedgers(client, config));

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await dropRedisPrefix(prefix);
  });

  it('spenders on three connections send maxRequests in all, leasing concurrently', async () => {
    const run = { runId: randomUUID(), attempt: 1 };
    await ledgers[0]!.open(run, limits);
    const budgets = await Promise.all(
      ledgers.map((ledger) => RunBudget.fromLedger(limits, ledger.forRun(run))),
    );
    const spend = async (budget: RunBudget) => {
      for (let i = 0; i < 2000; i++) {
        try {
          await budget.acquire();
        } catch (error) {
          if (error instanceof BudgetExceededError) return error.limit;
          throw error;
        }
      }
      return 'never refused';
    };
    expect(await Promise.all(budgets.map(spend))).toEqual([
      'maxRequests',
      'maxRequests',
      'maxRequests',
    ]);
    expect(budgets.reduce((sum, budget) => sum + budget.requestsSent, 0)).toBe(500);
  });

  it('keeps the first deadline when opened again, and gives settled leases back', async () => {
    const run = { runId: randomUUID(), attempt: 1 };
    await ledgers[0]!.open(run, { ...limits, maxDuration: 1_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await ledgers[1]!.open(run, limits);
    const budget = await RunBudget.fromLedger(limits, again);
    expect(budget.remainingMs).toBeLessThanOrEqual(700);
    expect(budget.remainingMs).toBeGreaterThan(0);
    await budget.acquire(10);
    await budget.settle();
    const next = await RunBudget.fromLedger(limits, ledgers[2]!.forRun(run));
    expect(next.remainingRequests).toBe(490);
  });

  it('settles a lease used to the last request (nothing to give back: no "-0" for Redis)', async () => {
    const run = { runId: randomUUID(), attempt: 1 };
    const ledger = await ledgers[0]!.open(run, limits);
    const grant = await ledger.take({ requests: 5, bytes: 100 });
    expect(grant).toMatchObject({ requests: 5, bytes: 100, requestsLeft: 495 });
    await ledger.settle({ requests: 0, bytes: 0 });
    await ledger.settle({ requests: 0, bytes: -50 });
    expect(await ledger.take({ requests: 0, bytes: 0 })).toMatchObject({
      requestsLeft: 495,
      bytesLeft: 1_000_000 - 150,
    });
  });

  it('keeps the largest answer per URL any spender told, for spenders that have had none', async () => {
    const run = { runId: randomUUID(), attempt: 1 };
    await ledgers[0]!.open(run, limits);
    const probes = await RunBudget.fromLedger(limits, ledgers[0]!.forRun(run));
    const list = 'GET /t/a b/items';
    probes.recordAnswer(4_000, await probes.acquire(1, { answerKey: list }), list);
    probes.recordAnswer(700, await probes.acquire(1, { answerKey: list }), list);
    probes.recordAnswer(9_000, await probes.acquire(1, { answerKey: 'GET /x' }), 'GET /x');
    await probes.settle();
    await ledgers[1]!.forRun(run).settle({ requests: 0, bytes: 0, answers: { [list]: 1_000 } });
    const shard = await RunBudget.fromLedger(limits, ledgers[2]!.forRun(run));
    expect(await shard.acquire(1, { answerKey: list })).toBe(4_000);
    expect(
      await ledgers[2]!.forRun(run).take({ requests: 0, bytes: 0, answers: { new: 0 } }),
    ).toMatchObject({ requests: 0, answers: { new: 0 } });
  });

  it('refuses (closed) a ledger that was never opened', async () => {
    const budget = await RunBudget.fromLedger(
      limits,
      ledgers[0]!.forRun({ runId: randomUUID(), attempt: 1 }),
    );
    await expect(budget.acquire()).rejects.toThrow(/no budget ledger/);
  });
});
