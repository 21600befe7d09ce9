import { Inject, Injectable } from '@nestjs/common';
import { createGuardedConnector, RunBudget, type NetworkPolicy } from '@shakedown/core/http';
import type { LoadShardPayload } from '@shakedown/core/jobs';
import { runLoadStage, shardRateLimits } from '@shakedown/core/load';
import { RunRepository } from '@shakedown/db';
import { NETWORK_POLICY, RunBudgetLedgers } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WorkerMetrics } from '../infra/metrics/worker-metrics.service';
import { HandBackSignal } from '../infra/queue/worker-lifecycle.service';
import { readRunConfig } from '../probe-runs/run-config';
import { RunFinisher, WORKER_ID } from '../probe-runs/run-finisher';
import { RunStopSignals } from '../probe-runs/run-stop-signal';

export type LoadShardOutcome =
  | { kind: 'stored'; requests: number }
  | { kind: 'skipped'; reason: string }
  | { kind: 'handed-back' };

/**
 * One shard of a sharded load stage: its share of the rate (or VUs), drawing requests, bytes
 * and time from the run's one budget ledger (shared with the probes and the other shards), run on
 * this worker; the raw result (encoded histogram included) is stored per (run, shard), so a
 * repeated shard replaces its row and the parent merges exactly one result per shard.
 */
@Injectable()
export class LoadShardService {
  constructor(
    private readonly runs: RunRepository,
    @Inject(NETWORK_POLICY) private readonly network: NetworkPolicy,
    private readonly stops: RunStopSignals,
    private readonly finisher: RunFinisher,
    private readonly metrics: WorkerMetrics,
    private readonly ledgers: RunBudgetLedgers,
    @Inject(WORKER_CONFIG) private readonly workerConfig: WorkerConfig,
  ) {}

  async runShard(payload: LoadShardPayload): Promise<LoadShardOutcome> {
    const run = await this.runs.findRunToProcess(payload.orgId, payload.runId);
    if (!run || run.status !== 'running') {
      return { kind: 'skipped', reason: `the run is ${run?.status ?? 'gone'}` };
    }
    const read = readRunConfig(run, this.workerConfig.secretKeys);
    if (!read.ok) return { kind: 'skipped', reason: read.reason };
    const { config } = read;
    if (!config.probes.load) return { kind: 'skipped', reason: 'the run has no load stage' };
    // maxRps/N here; requests, bytes and the deadline are the run's, drawn from its ledger.
    const budget = await RunBudget.fromLedger(
      shardRateLimits(config.target.budget, payload.shardCount),
      this.ledgers.forRun({ runId: payload.runId, attempt: run.attempts }),
    );
    const stop = this.stops.forShard(payload);
    try {
      const result = await runLoadStage(config, {
        budget,
        signal: stop.signal,
        shard: { index: payload.shardIndex, count: payload.shardCount },
        connect: createGuardedConnector(this.network),
      });
      await budget.settle();
      if (stop.signal.reason instanceof HandBackSignal) return { kind: 'handed-back' };
      await this.runs.saveLoadShard(payload.orgId, payload.runId, {
        shardIndex: payload.shardIndex,
        shardCount: payload.shardCount,
        result: JSON.parse(JSON.stringify(result.raw)) as object,
      });
      await this.runs.appendLog(payload.orgId, payload.runId, [
        {
          level: 'info',
          message:
            `load shard ${payload.shardIndex + 1} of ${payload.shardCount} on worker ` +
            `${WORKER_ID}: ${result.raw.requests} requests`,
        },
      ]);
      this.metrics.recordLoadRequests(result.raw);
      return { kind: 'stored', requests: result.raw.requests };
    } finally {
      stop.dispose();
    }
  }

  /** A shard that failed for good fails its run (the parent job fails with it). */
  async failRun(payload: LoadShardPayload, reason: string): Promise<void> {
    await this.finisher.fail({ orgId: payload.orgId, id: payload.runId }, reason);
  }
}
