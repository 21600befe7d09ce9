import { RunBudget } from '../http/budget';
import { loadConfig } from './testing/load-config';
import { startLoadTarget } from './testing/load-target';
import { runLoadStage } from './run-load-stage';

describe('the open model when maxVUs cannot keep the schedule', () => {
  it('drops and counts the iterations it cannot start, and never starts one late', async () => {
    // 5 VUs × (1 request / 200 ms) = 25/s of capacity for a schedule of 50/s.
    const target = await startLoadTarget({ delayMs: 200 });
    try {
      const config = loadConfig(target.url, {
        executor: 'constant-arrival-rate',
        rate: 50,
        duration: '3s',
        maxVUs: 5,
      });
      const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
      const { raw } = result;
      expect(raw.scheduledIterations).toBe(150);
      // Every scheduled iteration is accounted for: sent (answered) or dropped.
      expect(raw.requests + raw.droppedIterations).toBe(150);
      expect(raw.interruptedIterations).toBe(0);
      expect(target.received).toBe(raw.requests);
      // About half could not start (a freed VU waits for the next scheduled start, so a bit
      // more than half); the rest kept the schedule instead of queueing behind.
      expect(result.droppedIterations).toBeGreaterThanOrEqual(60);
      expect(result.droppedIterations).toBeLessThanOrEqual(110);
      expect(result.report.droppedIterations).toBe(result.droppedIterations);
      // Those that did start were not queued: a queue growing by 25/s would reach seconds by
      // the end; these waited about the target's 200 ms (plus a busy machine's timer lateness).
      expect(result.report.latencyMs.p99).toBeLessThan(1000);
    } finally {
      await target.close();
    }
  });
});
