import type { RunRepository } from '@shakedown/db';
import type { RunSignals } from '@shakedown/nest-infra';

import { HandBackSignal, type WorkerLifecycle } from '../infra/queue/worker-lifecycle.service';
import { CancelRequested, DeadlineExceeded, RunStopSignals } from './run-stop-signal';

/** Fakes of the three sources a stop can come from, and what is still listening to them. */
function sources(cancelRequestedAt: Date | null = null) {
  const cancelListeners = new Set<() => void>();
  const tracked = new Map<string, AbortController>();
  const signals = {
    onCancel: (_runId: string, listener: () => void) => {
      cancelListeners.add(listener);
      return () => cancelListeners.delete(listener);
    },
  } as unknown as RunSignals;
  const lifecycle = {
    track: (key: string, controller: AbortController) => {
      tracked.set(key, controller);
      return () => tracked.delete(key);
    },
  } as unknown as WorkerLifecycle;
  const runs = {
    findRunToProcess: () => Promise.resolve({ cancelRequestedAt }),
  } as unknown as RunRepository;
  return { stops: new RunStopSignals(signals, lifecycle, runs), cancelListeners, tracked };
}

const run = { orgId: 'org', id: 'run' };

describe('a run’s stop signal', () => {
  afterEach(() => jest.useRealTimers());

  it('aborts on a published cancel, and stops listening once disposed', () => {
    const { stops, cancelListeners, tracked } = sources();
    const stop = stops.forRun(run, 60_000);
    expect(stop.signal.aborted).toBe(false);
    for (const listener of cancelListeners) listener();
    expect(stop.signal.reason).toBeInstanceOf(CancelRequested);
    stop.dispose();
    expect(cancelListeners.size).toBe(0);
    expect(tracked.size).toBe(0);
  });

  it('aborts on a cancel noted on the run row, found by polling', async () => {
    jest.useFakeTimers();
    const { stops } = sources(new Date());
    const stop = stops.forRun(run, 60_000);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(stop.signal.reason).toBeInstanceOf(CancelRequested);
    stop.dispose();
  });

  it('aborts past the time budget and its grace, saying so', async () => {
    jest.useFakeTimers();
    const { stops } = sources();
    const stop = stops.forRun(run, 1_000);
    await jest.advanceTimersByTimeAsync(1_000 + 119_000);
    expect(stop.signal.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(stop.signal.reason).toBeInstanceOf(DeadlineExceeded);
    expect((stop.signal.reason as Error).message).toBe(
      'The run did not finish within its time budget (1000 ms) and was stopped.',
    );
    stop.dispose();
  });

  it('carries the shutdown’s hand-back, and a shard is tracked apart from its run', () => {
    const { stops, tracked } = sources();
    const stop = stops.forShard({ runId: 'run', shardIndex: 1 });
    tracked.get('run:1')!.abort(new HandBackSignal());
    expect(stop.signal.reason).toBeInstanceOf(HandBackSignal);
    stop.dispose();
    expect(tracked.size).toBe(0);
  });
});
