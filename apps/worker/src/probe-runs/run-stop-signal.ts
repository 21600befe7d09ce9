import { Injectable } from '@nestjs/common';
import { RunRepository } from '@shakedown/db';
import { RunSignals } from '@shakedown/nest-infra';

import { WorkerLifecycle } from '../infra/queue/worker-lifecycle.service';

/** The API asked to cancel the run (the reason of a run's stop signal). */
export class CancelRequested extends Error {
  override readonly name = 'CancelRequested';
  constructor() {
    super('cancelled on request');
  }
}

/** The run went past its time budget and did not stop by itself (the reason of a stop signal). */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
}

/** How much longer than its time budget a run may take before it is aborted as stuck. */
const DEADLINE_GRACE_MS = 120_000;
/** A fallback for a cancel message missed on pub/sub. */
const CANCEL_POLL_MS = 2_000;

/** One `AbortSignal` for everything that may stop a run's work, and the means to stop watching. */
export interface RunStop {
  /**
   * Aborted by the first stop, whose reason says which: {@link CancelRequested},
   * {@link DeadlineExceeded}, or the worker's `HandBackSignal` at shutdown.
   */
  readonly signal: AbortSignal;
  /** Stops listening, polling and timing; call it when the work ends, however it ends. */
  dispose(): void;
}

/**
 * The stop signals of the work a worker does for a run: a cancel published by the API, a
 * cancel noted on the run row (polled, in case the message was missed), the run's deadline and
 * the worker's shutdown, combined into one `AbortSignal` that core's engines take.
 */
@Injectable()
export class RunStopSignals {
  constructor(
    private readonly signals: RunSignals,
    private readonly lifecycle: WorkerLifecycle,
    private readonly runs: RunRepository,
  ) {}

  /** A whole run's: every stop, the deadline `maxDurationMs` plus a grace period away. */
  forRun(run: { orgId: string; id: string }, maxDurationMs: number): RunStop {
    return this.open(run.id, run.id, (controller) => {
      const poll = setInterval(() => {
        this.runs
          .findRunToProcess(run.orgId, run.id)
          .then((fresh) => {
            if (fresh?.cancelRequestedAt) controller.abort(new CancelRequested());
          })
          .catch(() => undefined);
      }, CANCEL_POLL_MS);
      const deadline = setTimeout(
        () =>
          controller.abort(
            new DeadlineExceeded(
              `The run did not finish within its time budget (${maxDurationMs} ms) and was stopped.`,
            ),
          ),
        maxDurationMs + DEADLINE_GRACE_MS,
      );
      return () => {
        clearInterval(poll);
        clearTimeout(deadline);
      };
    });
  }

  /** A load shard's: a published cancel and the shutdown (the parent run watches the rest). */
  forShard(shard: { runId: string; shardIndex: number }): RunStop {
    return this.open(`${shard.runId}:${shard.shardIndex}`, shard.runId, () => () => undefined);
  }

  private open(
    key: string,
    runId: string,
    watch: (controller: AbortController) => () => void,
  ): RunStop {
    const controller = new AbortController();
    const release = this.lifecycle.track(key, controller);
    const stopListening = this.signals.onCancel(runId, () =>
      controller.abort(new CancelRequested()),
    );
    const stopWatching = watch(controller);
    return {
      signal: controller.signal,
      dispose: () => {
        release();
        stopListening();
        stopWatching();
      },
    };
  }
}
