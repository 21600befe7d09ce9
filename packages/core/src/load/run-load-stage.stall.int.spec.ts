import { RunBudget } from '../http/budget';
import { loadConfig } from './testing/load-config';
import { startLoadTarget } from './testing/load-target';
import { runLoadStage } from './run-load-stage';

/** The target answers in ~2 ms, except that it stops the world once: 1 s from 1.5 s on. */
const STALL = { afterMs: 1500, forMs: 1000 };

async function runAgainstStall(load: Parameters<typeof loadConfig>[1]) {
  const target = await startLoadTarget({ delayMs: 2, stall: STALL });
  try {
    const config = loadConfig(target.url, load);
    const samples: number[] = [];
    const result = await runLoadStage(config, {
      budget: new RunBudget(config.target.budget),
      onSample: (latencyUs) => samples.push(latencyUs / 1000),
    });
    return { result, samples, duringStall: target.receivedDuringStall };
  } finally {
    await target.close();
  }
}

describe('runLoadStage against a target that stalls for 1 s once', () => {
  it('open model: the requests scheduled during the stall carry it in the percentiles', async () => {
    const { result, samples, duringStall } = await runAgainstStall({
      executor: 'constant-arrival-rate',
      rate: 100,
      duration: '4s',
      maxVUs: 300,
    });
    const { report } = result;
    // The schedule did not wait for the target: ~100 requests arrived during the stall.
    expect(duringStall).toBeGreaterThanOrEqual(80);
    expect(report.requests).toBe(400);
    expect(result.droppedIterations).toBe(0);
    // Each waited from its scheduled start to the end of the stall: 0–1 s, evenly spread, so
    // ~90 of them took ≥ 100 ms (a few more on a busy machine), out of 400.
    const slow = samples.filter((ms) => ms >= 100);
    expect(slow.length).toBeGreaterThanOrEqual(75);
    expect(slow.length).toBeLessThanOrEqual(130);
    expect(report.latencyMs.p50).toBeLessThan(100);
    expect(report.latencyMs.p95).toBeGreaterThan(500);
    expect(report.latencyMs.p99).toBeGreaterThan(800);
    expect(report.latencyMs.max).toBeGreaterThan(900);
    // A single stall is data, not a reason for the safety stop.
    expect(result.abortedReason).toBeUndefined();
  });

  it('closed model: as k6 reports it, fewer requests and the stall in one sample per VU', async () => {
    const vus = 4;
    const { result, samples, duringStall } = await runAgainstStall({
      executor: 'constant-vus',
      vus,
      duration: '4s',
    });
    const { report } = result;
    // Each VU waited out the stall on its one request: the target saw only `vus` of them.
    expect(duringStall).toBe(vus);
    const stalled = samples.filter((ms) => ms >= 500);
    expect(stalled).toHaveLength(vus);
    // Timed from the actual send, the stall hides from every percentile but the max.
    expect(report.latencyMs.p99).toBeLessThan(200);
    expect(report.latencyMs.max).toBeGreaterThan(900);
    // The seconds the stall spans sent almost nothing while the others ran at full speed.
    const busiest = Math.max(...report.series.map((point) => point.rps));
    const stallSeconds = report.series.filter((point) => point.t === 1 || point.t === 2);
    for (const point of stallSeconds) expect(point.rps).toBeLessThan(busiest * 0.75);
    expect(result.abortedReason).toBeUndefined();
  });
});
