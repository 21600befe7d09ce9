import type { LoadRun } from './load-run';
import type { LoadVu } from './load-vu';

/**
 * The closed model (k6's `constant-vus`): `vus` virtual users each send a request, wait for the
 * answer, and send the next, for `durationMs`. Latency is measured from the actual send, as k6
 * does, so a stalling target shows as fewer requests and one slow sample per VU, not as a
 * block of slow percentiles: that is what the open model is for.
 *
 * The run budget's `maxRps` can hold a VU back; it then waits for the budget and tries again.
 */
export async function runConstantVus(run: LoadRun, vus: number, durationMs: number): Promise<void> {
  const { clock, budget } = run;
  const budgetWaitMs = Math.max(1, 1000 / budget.limits.maxRps);
  let endAt = Infinity;

  const next = (vu: LoadVu): void => {
    if (run.isStopping) return;
    const now = clock.now();
    if (now >= endAt) {
      run.stopScheduling();
      return;
    }
    if (!run.tryAcquire()) {
      if (!run.isStopping) {
        clock.sleep(budgetWaitMs, run.stopSignal).then(
          () => next(vu),
          () => undefined,
        );
      }
      return;
    }
    run.send(vu, now, now);
  };

  // After a failure the next request waits for the event loop, so a refusing target cannot
  // turn a VU into a synchronous loop.
  run.onIterationDone = (vu, failed) => {
    if (failed) setImmediate(next, vu);
    else next(vu);
  };
  run.begin();
  endAt = run.t0 + durationMs;
  for (let i = 0; i < vus && !run.isStopping; i++) next(run.createVu());
  try {
    await clock.sleep(endAt - clock.now(), run.stopSignal);
  } catch {
    // stopped early
  }
  run.stopScheduling();
}
