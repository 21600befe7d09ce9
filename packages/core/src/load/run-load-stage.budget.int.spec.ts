import { RunBudget } from '../http/budget';
import { loadConfig } from './testing/load-config';
import { startLoadTarget, type LoadTarget } from './testing/load-target';
import { runLoadStage } from './run-load-stage';

describe('the run budget caps the load stage (counted at the server)', () => {
  let target: LoadTarget;
  beforeEach(async () => {
    target = await startLoadTarget({ delayMs: 1 });
  });
  afterEach(() => target.close());

  it('open model: never more than maxRequests, then stops and says so', async () => {
    const config = loadConfig(
      target.url,
      { executor: 'constant-arrival-rate', rate: 200, duration: '3s' },
      { maxRequests: 250 },
    );
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
    expect(target.received).toBe(250);
    expect(result.report.requests).toBe(250);
    expect(result.abortedReason).toBe(
      "budget: the run's request budget (maxRequests 250) is used up",
    );
  });

  it('closed model: never more than maxRequests, however fast the VUs are', async () => {
    const config = loadConfig(
      target.url,
      { executor: 'constant-vus', vus: 8, duration: '3s' },
      { maxRequests: 300 },
    );
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
    expect(target.received).toBe(300);
    expect(result.report.requests).toBe(300);
    expect(result.abortedReason).toMatch(/maxRequests 300/);
  });

  it('counts what the probes already spent: the stage gets only what is left', async () => {
    const config = loadConfig(
      target.url,
      { executor: 'constant-vus', vus: 4, duration: '2s' },
      { maxRequests: 100 },
    );
    const budget = new RunBudget(config.target.budget);
    await budget.acquire(60);
    await runLoadStage(config, { budget });
    expect(target.received).toBe(40);
    expect(budget.requestsSent).toBe(100);
  });

  it('open model: a rate above maxRps is capped to it, with a note', async () => {
    const config = loadConfig(
      target.url,
      { executor: 'constant-arrival-rate', rate: 400, duration: '2s' },
      { maxRps: 100 },
    );
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
    expect(target.received).toBeLessThanOrEqual(200);
    expect(target.received).toBeGreaterThanOrEqual(190);
    // On a busy machine a late timer can bunch starts beyond the budget's burst: those are
    // refused by the budget, dropped, and said so, never sent.
    const capped = "the configured rate (up to 400/s) was capped at the run's budget, maxRps 100";
    const refused = `${result.droppedIterations} iterations were not sent because the run's budget (maxRps 100) refused them`;
    expect(result.report.notes).toEqual(
      result.droppedIterations > 0 ? [capped, refused] : [capped],
    );
  });

  it('closed model: VUs wait for the budget instead of exceeding maxRps', async () => {
    const config = loadConfig(
      target.url,
      { executor: 'constant-vus', vus: 10, duration: '2s' },
      { maxRps: 100 },
    );
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
    // 2 s at 100/s plus the budget's burst of 10; a 10-VU loop against a 1 ms target would
    // otherwise send thousands.
    expect(target.received).toBeLessThanOrEqual(211);
    expect(target.received).toBeGreaterThanOrEqual(100);
    expect(result.report.requests).toBe(target.received);
  });
});
