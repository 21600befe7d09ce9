import type { Report } from '@shakedown/core/report';

/** The probes' report, kept on the run's job while its load shards run on other workers. */
export interface ShardedStageState {
  probeReport: Report;
  shardCount: number;
}

/** What became of a run's job, for the processor to tell BullMQ. */
export type ProbeRunOutcome =
  | { kind: 'completed' | 'failed' | 'cancelled' }
  /** The run had ended before (a duplicate or retried job): its events were made sure of. */
  | { kind: 'already-finished' }
  | { kind: 'missing' }
  /** Fairness: the target or the organisation is busy; try again later. */
  | { kind: 'busy'; reason: string }
  /** The worker is shutting down; the job goes back to the queue. */
  | { kind: 'handed-back' }
  /** The load stage is split: run these shards as child jobs, then process the run again. */
  | { kind: 'shard-load'; state: ShardedStageState };
