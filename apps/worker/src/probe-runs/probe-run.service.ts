import { Inject, Injectable, Logger } from '@nestjs/common';
import { PROBE_NAMES, type Config, type ProbeName } from '@shakedown/core/config';
import { TERMINAL_RUN_STATUSES } from '@shakedown/core/contract';
import {
  createGuardedConnector,
  RunBudget,
  type HttpResult,
  type NetworkPolicy,
} from '@shakedown/core/http';
import type { ProbeRunPayload } from '@shakedown/core/jobs';
import { mergeShardResults, runLoadStage, type LoadStageResult } from '@shakedown/core/load';
import { resolveInclude, runProbes, TargetUnreachableError } from '@shakedown/core/probes';
import type { Report } from '@shakedown/core/report';
import { OwnershipVerifier } from '@shakedown/core/verification';
import { RunRepository, TargetRepository, type RunToProcess } from '@shakedown/db';
import { NETWORK_POLICY, RunBudgetLedgers } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WorkerMetrics } from '../infra/metrics/worker-metrics.service';
import { HandBackSignal, WorkerLifecycle } from '../infra/queue/worker-lifecycle.service';
import { WebhookEventsService } from '../webhook-deliveries/webhook-events.service';
import type { ProbeRunOutcome, ShardedStageState } from './probe-run-outcome';
import { readRunConfig } from './run-config';
import { RunFinisher, WORKER_ID } from './run-finisher';
import type { RunReporter } from './run-reporter';
import { RunStopSignals } from './run-stop-signal';

/** The load stage's checks: its thresholds and its server errors. */
const LOAD_CHECKS = 2;

/** A claimed run and what it runs with. */
interface ClaimedRun {
  run: RunToProcess;
  config: Config;
  /** Caps applied to the budget, for the run log. */
  notes: string[];
  attempt: number;
  include: ProbeName[];
}

/**
 * Executes one run's job: loads the run with its config snapshot, re-checks ownership of the
 * target and caps the budget by the organisation's limits, takes its fairness slot, then runs
 * the probes and the load stage (here, or sharded over workers when the config asks) through
 * core under the run's stop signal, reporting progress. `RunFinisher` ends the run, whichever
 * way it ends.
 */
@Injectable()
export class ProbeRunService {
  private readonly logger = new Logger(ProbeRunService.name);

  constructor(
    private readonly runs: RunRepository,
    private readonly targets: TargetRepository,
    @Inject(NETWORK_POLICY) private readonly network: NetworkPolicy,
    private readonly verifier: OwnershipVerifier,
    private readonly stops: RunStopSignals,
    private readonly finisher: RunFinisher,
    private readonly lifecycle: WorkerLifecycle,
    private readonly metrics: WorkerMetrics,
    private readonly events: WebhookEventsService,
    private readonly ledgers: RunBudgetLedgers,
    @Inject(WORKER_CONFIG) private readonly workerConfig: WorkerConfig,
  ) {}

  async execute(payload: ProbeRunPayload, resume?: ShardedStageState): Promise<ProbeRunOutcome> {
    const { orgId, runId } = payload;
    const run = await this.runs.findRunToProcess(orgId, runId);
    if (!run) {
      this.logger.warn({ orgId, runId }, 'the run of this job no longer exists');
      return { kind: 'missing' };
    }
    if (TERMINAL_RUN_STATUSES.includes(run.status)) {
      await this.events.recordRunEvents(orgId, runId);
      return { kind: 'already-finished' };
    }
    if (run.cancelRequestedAt) return this.finisher.cancel(run);

    const read = readRunConfig(run, this.workerConfig.secretKeys);
    if (!read.ok) return this.finisher.fail(run, read.reason);
    const { config, notes } = read;
    const refusal = await this.recheckOwnership(run, config.target.baseUrl);
    if (refusal) return this.finisher.fail(run, `Not run: ${refusal}.`);

    let attempt = run.attempts;
    if (!resume || run.status !== 'running') {
      const claim = await this.runs.claimRun(orgId, runId);
      switch (claim.outcome) {
        case 'missing':
          return { kind: 'missing' };
        case 'finished':
          await this.events.recordRunEvents(orgId, runId);
          return { kind: 'already-finished' };
        case 'busy':
          return { kind: 'busy', reason: claim.reason };
        case 'claimed':
          attempt = claim.attempts;
          break;
      }
      resume = undefined;
    }
    const include = includeOf(run, config, payload.probes);
    return this.runClaimed({ run, config, notes, attempt, include }, resume);
  }

  /** Ends a run whose job failed for good (retries used up, or stalled too often). */
  async failAfterJobFailure(payload: ProbeRunPayload, reason: string): Promise<void> {
    const run = await this.runs.findRunToProcess(payload.orgId, payload.runId);
    if (run) await this.finisher.fail(run, reason);
  }

  /**
   * Re-checks ownership of the URL the run will probe (its config snapshot's) right before the
   * run, and records the outcome on the target, so a token taken down since verification stops
   * the next run. Returns why the run may not probe, or undefined.
   */
  private async recheckOwnership(run: RunToProcess, baseUrl: string): Promise<string | undefined> {
    const outcome = await this.verifier.verify(baseUrl, run.target.verificationToken);
    await this.targets.recordVerification(run.orgId, run.target.id, outcome);
    if (outcome.status === 'verified') return undefined;
    return (
      `the ownership of ${new URL(baseUrl).host} could not be verified (${outcome.error}); ` +
      'publish the verification token (HTTP file or DNS TXT record) and verify the target again'
    );
  }

  private async runClaimed(
    claimed: ClaimedRun,
    resume: ShardedStageState | undefined,
  ): Promise<ProbeRunOutcome> {
    const { run, config, include } = claimed;
    const reporter = this.finisher.reporterFor(run);
    const stop = this.stops.forRun(run, config.target.budget.maxDuration);
    const { signal } = stop;
    try {
      const wantsLoad = include.includes('load') && config.probes.load !== undefined;
      const loadChecks = wantsLoad ? LOAD_CHECKS : 0;
      // The run's one budget, in Redis: the probes here and every load shard draw from it, and
      // its deadline (maxDuration) runs from this attempt's start.
      const ledger = await this.ledgers.open(
        { runId: run.id, attempt: claimed.attempt },
        config.target.budget,
      );
      const budget = await RunBudget.fromLedger(config.target.budget, ledger);
      let report: Report;
      if (resume) {
        report = resume.probeReport;
        reporter.update(report.checks.length, report.checks.length + loadChecks, 'load');
        reporter.log('info', `merging ${resume.shardCount} load shards`);
      } else {
        report = await this.runProbes(claimed, { reporter, signal, budget, loadChecks });
        if (signal.aborted) return await this.finisher.stopped(run, signal.reason, reporter);
      }

      let load: LoadStageResult | undefined;
      if (wantsLoad) {
        const shards = config.probes.load?.shards ?? 1;
        if (!resume && shards > 1) {
          // What the probes leased and did not use goes back to the shards.
          await budget.settle();
          await reporter.flush();
          return { kind: 'shard-load', state: { probeReport: report, shardCount: shards } };
        }
        reporter.update(report.checks.length, report.checks.length + loadChecks, 'load');
        load = resume
          ? await this.mergeShards(run, config, resume.shardCount)
          : await this.runLoad(config, budget, signal);
        if (signal.aborted) return await this.finisher.stopped(run, signal.reason, reporter);
        for (const note of load.raw.notes) reporter.log('info', `load: ${note}`);
        if (load.abortedReason) reporter.log('warn', `load stopped early: ${load.abortedReason}`);
      }

      await reporter.flush();
      const checks = [...report.checks, ...(load?.checks ?? [])];
      const findings = [...report.findings, ...(load?.findings ?? [])];
      const cleanAt = config.probes.cleanCoverage;
      return await this.finisher.complete(run, { checks, findings, load, cleanAt }, reporter);
    } catch (error) {
      if (signal.aborted) return await this.finisher.stopped(run, signal.reason, reporter);
      if (error instanceof HandBackSignal) return await this.finisher.stopped(run, error, reporter);
      if (error instanceof TargetUnreachableError) {
        await reporter.flush();
        return await this.finisher.fail(run, `The target could not be reached: ${error.message}`);
      }
      throw error;
    } finally {
      stop.dispose();
      await reporter.flush();
    }
  }

  /** Every probe but the load stage, reporting progress; the load checks count in the total. */
  private async runProbes(
    { config, notes, attempt, include }: ClaimedRun,
    stage: { reporter: RunReporter; signal: AbortSignal; budget: RunBudget; loadChecks: number },
  ): Promise<Report> {
    const { reporter, loadChecks } = stage;
    await reporter.publish('running');
    reporter.log(
      'info',
      `attempt ${attempt} on worker ${WORKER_ID}: probing ${config.target.baseUrl}`,
    );
    if (attempt > 1) reporter.log('warn', 'picked up again: an earlier attempt did not finish');
    for (const note of notes) reporter.log('warn', note);
    if (this.lifecycle.isDraining) throw new HandBackSignal();
    return runProbes(config, {
      include: include.filter((probe) => probe !== 'load'),
      signal: stage.signal,
      network: this.network,
      budget: stage.budget,
      onProgress: ({ done, total, probe }) => reporter.update(done, total + loadChecks, probe),
      onLog: (level, message) => reporter.log(level, message),
      onResult: (result: HttpResult) => this.metrics.recordProbeRequest(result.answer?.status),
    });
  }

  private async runLoad(
    config: Config,
    budget: RunBudget,
    signal: AbortSignal,
  ): Promise<LoadStageResult> {
    const result = await runLoadStage(config, {
      budget,
      signal,
      connect: createGuardedConnector(this.network),
    });
    this.metrics.recordLoadRequests(result.raw);
    return result;
  }

  private async mergeShards(
    run: RunToProcess,
    config: Config,
    shardCount: number,
  ): Promise<LoadStageResult> {
    const shards = await this.runs.listLoadShards(run.orgId, run.id);
    const current = shards.filter((shard) => shard.shardCount === shardCount);
    if (current.length !== shardCount) {
      throw new Error(`${current.length} of ${shardCount} load shards have a result`);
    }
    return mergeShardResults(
      current.map((shard) => shard.result),
      config,
    );
  }
}

/** The probes the run asked for (its own list, else the job's), as the config allows them. */
function includeOf(
  run: RunToProcess,
  config: Config,
  requested: ProbeName[] | undefined,
): ProbeName[] {
  const fromRun = run.probes.filter((probe): probe is ProbeName =>
    (PROBE_NAMES as readonly string[]).includes(probe),
  );
  const subset = fromRun.length > 0 ? fromRun : requested;
  return resolveInclude(config, subset && subset.length > 0 ? subset : undefined);
}
