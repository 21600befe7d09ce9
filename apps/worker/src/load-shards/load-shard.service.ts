import { hostname } from 'node:os';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseConfigDocument } from '@shakedown/core/config';
import { createGuardedConnector, RunBudget, type NetworkPolicy } from '@shakedown/core/http';
import type { LoadShardPayload } from '@shakedown/core/jobs';
import { planShardBudget, runLoadStage } from '@shakedown/core/load';
import { RunRepository } from '@shakedown/db';
import { NETWORK_POLICY, RunSignals } from '@shakedown/nest-infra';

import { WorkerMetrics } from '../infra/metrics/worker-metrics.service';
import { HandBackSignal, WorkerLifecycle } from '../infra/queue/worker-lifecycle.service';
import { WebhookEventsService } from '../webhook-deliveries/webhook-events.service';
import { capBudget } from '../probe-runs/run-budget';
import { CancelRequested } from '../probe-runs/run-stop';

export type LoadShardOutcome =
  | { kind: 'stored'; requests: number }
  | { kind: 'skipped'; reason: string }
  | { kind: 'handed-back' };

/**
 * One shard of a sharded load stage: its share of the rate (or VUs) and of the budget, run on
 * this worker; the raw result (encoded histogram included) is stored per (run, shard), so a
 * repeated shard replaces its row and the parent merges exactly one result per shard.
 */
@Injectable()
export class LoadShardService {
  private readonly logger = new Logger(LoadShardService.name);

  constructor(
    private readonly runs: RunRepository,
    @Inject(NETWORK_POLICY) private readonly network: NetworkPolicy,
    private readonly signals: RunSignals,
    private readonly lifecycle: WorkerLifecycle,
    private readonly metrics: WorkerMetrics,
    private readonly events: WebhookEventsService,
  ) {}

  async runShard(payload: LoadShardPayload): Promise<LoadShardOutcome> {
    const run = await this.runs.findRunToProcess(payload.orgId, payload.runId);
    if (!run || run.status !== 'running') {
      return { kind: 'skipped', reason: `the run is ${run?.status ?? 'gone'}` };
    }
    const parsed = parseConfigDocument(run.config);
    if (!parsed.ok || !parsed.config.probes.load) {
      return { kind: 'skipped', reason: 'the run has no load stage' };
    }
    const { config } = capBudget(parsed.config, run.org);
    const budget = new RunBudget(
      planShardBudget(config.target.budget, payload.shardCount, payload.shardIndex),
    );
    const controller = new AbortController();
    const key = `${payload.runId}:${payload.shardIndex}`;
    const release = this.lifecycle.track(key, controller);
    const stopListening = this.signals.onCancel(payload.runId, () =>
      controller.abort(new CancelRequested()),
    );
    try {
      const result = await runLoadStage(config, {
        budget,
        signal: controller.signal,
        shard: { index: payload.shardIndex, count: payload.shardCount },
        connect: createGuardedConnector(this.network),
      });
      if (controller.signal.reason instanceof HandBackSignal) return { kind: 'handed-back' };
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
            `${hostname()}:${process.pid}: ${result.raw.requests} requests`,
        },
      ]);
      for (const [status, count] of Object.entries(result.raw.statusCounts)) {
        this.metrics.recordProbeRequests(status, count);
      }
      this.metrics.recordProbeRequests('none', result.raw.transportErrors);
      return { kind: 'stored', requests: result.raw.requests };
    } finally {
      release();
      stopListening();
    }
  }

  /** A shard that failed for good fails its run (the parent job fails with it). */
  async failRun(payload: LoadShardPayload, reason: string): Promise<void> {
    const ended = await this.runs.finishRun(payload.orgId, payload.runId, 'failed', reason);
    if (ended) {
      this.metrics.recordRunFinished('failed');
      this.logger.warn({ runId: payload.runId, reason }, 'run failed: a load shard failed');
      await this.events.recordRunEvents(payload.orgId, payload.runId);
    }
  }
}
