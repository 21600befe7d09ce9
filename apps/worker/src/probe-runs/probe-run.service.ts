import { hostname } from 'node:os';

import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  formatConfigIssue,
  parseConfigDocument,
  PROBE_NAMES,
  type Config,
  type ProbeName,
} from '@shakedown/core/config';
import { TERMINAL_RUN_STATUSES } from '@shakedown/core/contract';
import { CATALOGUE, isFindingCode, severityRank } from '@shakedown/core/findings';
import {
  createGuardedConnector,
  RunBudget,
  type HttpResult,
  type NetworkPolicy,
} from '@shakedown/core/http';
import type { ProbeRunPayload } from '@shakedown/core/jobs';
import { mergeShardResults, runLoadStage, type LoadStageResult } from '@shakedown/core/load';
import { resolveInclude, runProbes, TargetUnreachableError } from '@shakedown/core/probes';
import {
  summarise,
  type Check,
  type Finding,
  type Report,
  type Summary,
} from '@shakedown/core/report';
import {
  FindingRepository,
  RunRepository,
  TargetRepository,
  type LoadResultRow,
  type RunToProcess,
} from '@shakedown/db';
import { NETWORK_POLICY, RunSignals } from '@shakedown/nest-infra';
import { OwnershipVerifier } from '@shakedown/core/verification';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { WorkerMetrics } from '../infra/metrics/worker-metrics.service';
import { HandBackSignal, WorkerLifecycle } from '../infra/queue/worker-lifecycle.service';
import { WebhookEventsService } from '../webhook-deliveries/webhook-events.service';
import { markNewFindings } from './regressions';
import { capBudget } from './run-budget';
import { RunReporter } from './run-reporter';
import { CancelRequested, DeadlineExceeded } from './run-stop';

/** The probes' report, kept on the run's job while its load shards run on other workers. */
export interface ShardedStageState {
  probeReport: Report;
  shardCount: number;
}

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

/** How much longer than its time budget a run may take before it is aborted as stuck. */
const DEADLINE_GRACE_MS = 120_000;
/** A fallback for a cancel message missed on pub/sub. */
const CANCEL_POLL_MS = 2_000;
const LOAD_CHECKS = 2;

/** Which worker process ran an attempt, in the run log. */
const WORKER_ID = `${hostname()}:${process.pid}`;

/**
 * Executes one run: loads it with its config snapshot, re-checks ownership verification and the
 * budget against the organisation's limits, takes its fairness slot, runs the probes (and the
 * load stage, sharded over workers when the config asks) through core with an abort signal,
 * publishes progress, and stores checks, findings, evidence and load results idempotently. The
 * run always ends `completed`, `failed` with a reason the user can read, or `cancelled`; then
 * it is compared with the target's previous completed run and its webhook events are queued.
 */
@Injectable()
export class ProbeRunService {
  private readonly logger = new Logger(ProbeRunService.name);

  constructor(
    private readonly runs: RunRepository,
    private readonly targets: TargetRepository,
    private readonly findings: FindingRepository,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(NETWORK_POLICY) private readonly network: NetworkPolicy,
    private readonly verifier: OwnershipVerifier,
    private readonly signals: RunSignals,
    private readonly lifecycle: WorkerLifecycle,
    private readonly metrics: WorkerMetrics,
    private readonly events: WebhookEventsService,
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
    if (run.cancelRequestedAt) return this.cancel(run, undefined);

    const parsed = parseConfigDocument(run.config);
    if (!parsed.ok) {
      const issues = parsed.issues.slice(0, 5).map(formatConfigIssue).join('; ');
      return this.fail(run, `The run's config is not valid: ${issues}`);
    }
    const { config, notes } = capBudget(parsed.config, run.org);
    const refusal = await this.recheckOwnership(run, config.target.baseUrl);
    if (refusal) return this.fail(run, `Not run: ${refusal}.`);

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
    return this.runClaimed(run, config, notes, attempt, payload.probes, resume);
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

  /** Ends a run whose job failed for good (retries used up, or stalled too often). */
  async failAfterJobFailure(payload: ProbeRunPayload, reason: string): Promise<void> {
    const run = await this.runs.findRunToProcess(payload.orgId, payload.runId);
    if (run) await this.fail(run, reason);
  }

  private async runClaimed(
    run: RunToProcess,
    config: Config,
    notes: string[],
    attempt: number,
    requested: ProbeName[] | undefined,
    resume: ShardedStageState | undefined,
  ): Promise<ProbeRunOutcome> {
    const reporter = this.reporterFor(run);
    const controller = new AbortController();
    const { signal } = controller;
    const release = this.lifecycle.track(run.id, controller);
    const stopListening = this.signals.onCancel(run.id, () =>
      controller.abort(new CancelRequested()),
    );
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
            `The run did not finish within its time budget (${config.target.budget.maxDuration} ms) ` +
              'and was stopped.',
          ),
        ),
      config.target.budget.maxDuration + DEADLINE_GRACE_MS,
    );
    try {
      const include = this.includeOf(run, config, requested);
      const wantsLoad = include.includes('load') && config.probes.load !== undefined;
      const loadChecks = wantsLoad ? LOAD_CHECKS : 0;

      let report: Report;
      const budget = new RunBudget(config.target.budget);
      if (resume) {
        report = resume.probeReport;
        reporter.update(report.checks.length, report.checks.length + loadChecks, 'load');
        reporter.log('info', `merging ${resume.shardCount} load shards`);
      } else {
        await reporter.publish('running');
        reporter.log(
          'info',
          `attempt ${attempt} on worker ${WORKER_ID}: probing ${config.target.baseUrl}`,
        );
        if (attempt > 1) reporter.log('warn', 'picked up again: an earlier attempt did not finish');
        for (const note of notes) reporter.log('warn', note);
        if (this.lifecycle.isDraining) throw new HandBackSignal();
        report = await runProbes(config, {
          include: include.filter((probe) => probe !== 'load'),
          signal,
          network: this.network,
          budget,
          onProgress: ({ done, total, probe }) => reporter.update(done, total + loadChecks, probe),
          onLog: (level, message) => reporter.log(level, message),
          onResult: (result: HttpResult) => this.metrics.recordProbeRequest(result.answer?.status),
        });
        if (signal.aborted) return await this.stopped(run, signal.reason, reporter);
      }

      let load: LoadStageResult | undefined;
      if (wantsLoad) {
        const shards = config.probes.load?.shards ?? 1;
        if (!resume && shards > 1) {
          await reporter.flush();
          return { kind: 'shard-load', state: { probeReport: report, shardCount: shards } };
        }
        reporter.update(report.checks.length, report.checks.length + loadChecks, 'load');
        load = resume
          ? await this.mergeShards(run, config, resume.shardCount)
          : await this.runLoad(config, budget, signal);
        if (signal.aborted) return await this.stopped(run, signal.reason, reporter);
        for (const note of load.raw.notes) reporter.log('info', `load: ${note}`);
        if (load.abortedReason) reporter.log('warn', `load stopped early: ${load.abortedReason}`);
      }

      const checks = [...report.checks, ...(load?.checks ?? [])];
      const findings = [...report.findings, ...(load?.findings ?? [])];
      await reporter.flush();
      return await this.complete(
        run,
        checks,
        findings,
        summarise(checks, findings),
        load,
        reporter,
      );
    } catch (error) {
      if (signal.aborted) return await this.stopped(run, signal.reason, reporter);
      if (error instanceof HandBackSignal) return await this.stopped(run, error, reporter);
      if (error instanceof TargetUnreachableError) {
        await reporter.flush();
        return await this.fail(run, `The target could not be reached: ${error.message}`);
      }
      throw error;
    } finally {
      release();
      stopListening();
      clearInterval(poll);
      clearTimeout(deadline);
      await reporter.flush();
    }
  }

  private includeOf(
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
    this.recordLoadRequests(result);
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

  /** Counts the load stage's requests by answer status (it reports them in bulk). */
  private recordLoadRequests(result: LoadStageResult): void {
    for (const [status, count] of Object.entries(result.raw.statusCounts)) {
      this.metrics.recordProbeRequests(status, count);
    }
    if (result.raw.transportErrors > 0) {
      this.metrics.recordProbeRequests('none', result.raw.transportErrors);
    }
  }

  private async complete(
    run: RunToProcess,
    checks: Check[],
    findings: Finding[],
    summary: Summary,
    load: LoadStageResult | undefined,
    reporter: RunReporter,
  ): Promise<ProbeRunOutcome> {
    const previous = await this.runs.findPreviousCompleted(run.orgId, run);
    const marked = markNewFindings(
      findings,
      previous ? await this.findings.keysForRun(run.orgId, previous.id) : null,
    );
    const stored = await this.runs.completeRun(run.orgId, run.id, {
      checks: checks.map((check) => ({
        code: check.code,
        probe: probeOf(check.code),
        route: check.route,
        status: check.status,
        reason: check.reason,
      })),
      findings: marked.findings.map((finding) => ({
        code: finding.code,
        probe: finding.probe,
        route: finding.route,
        severity: finding.severity,
        severityRank: severityRank(finding.severity),
        title: finding.title,
        detail: finding.detail,
        evidence: JSON.parse(JSON.stringify(finding.evidence)) as object,
        isNew: finding.isNew,
      })),
      load: load ? loadRowOf(load) : undefined,
      summary: JSON.parse(JSON.stringify(summary)) as object,
      regressionCount: marked.regressionCount,
    });
    if (!stored) {
      this.logger.warn({ runId: run.id }, 'the run ended elsewhere before its results were stored');
      return { kind: 'already-finished' };
    }
    this.metrics.recordRunFinished('completed');
    await reporter.publish('completed');
    this.logger.log(
      { orgId: run.orgId, runId: run.id, findings: findings.length, new: marked.regressionCount },
      'run completed',
    );
    await this.events.recordRunEvents(run.orgId, run.id);
    return { kind: 'completed' };
  }

  private async stopped(
    run: RunToProcess,
    reason: unknown,
    reporter: RunReporter,
  ): Promise<ProbeRunOutcome> {
    await reporter.flush();
    if (reason instanceof HandBackSignal) {
      await this.runs.appendLog(run.orgId, run.id, [
        {
          level: 'warn',
          message: `worker ${WORKER_ID} is shutting down: the run goes back to the queue`,
        },
      ]);
      await this.runs.requeueRun(run.orgId, run.id);
      await reporter.publish('queued');
      this.logger.log({ runId: run.id }, 'run handed back to the queue');
      return { kind: 'handed-back' };
    }
    if (reason instanceof DeadlineExceeded) return this.fail(run, reason.message);
    return this.cancel(run, reporter);
  }

  private async cancel(
    run: RunToProcess,
    reporter: RunReporter | undefined,
  ): Promise<ProbeRunOutcome> {
    const ended = await this.runs.finishRun(
      run.orgId,
      run.id,
      'cancelled',
      'Cancelled on request.',
    );
    if (ended) this.metrics.recordRunFinished('cancelled');
    await (reporter ?? this.reporterFor(run)).publish('cancelled');
    return { kind: 'cancelled' };
  }

  private async fail(run: RunToProcess, reason: string): Promise<ProbeRunOutcome> {
    const ended = await this.runs.finishRun(run.orgId, run.id, 'failed', reason);
    if (ended) {
      this.metrics.recordRunFinished('failed');
      this.logger.warn({ orgId: run.orgId, runId: run.id, reason }, 'run failed');
      await this.reporterFor(run).publish('failed');
    }
    await this.events.recordRunEvents(run.orgId, run.id);
    return { kind: 'failed' };
  }

  private reporterFor(run: RunToProcess): RunReporter {
    return new RunReporter(this.runs, this.signals, run, this.logger);
  }
}

function probeOf(code: string): string {
  return isFindingCode(code) ? CATALOGUE[code].probe : (code.split('.')[0] ?? 'unknown');
}

function loadRowOf(load: LoadStageResult): LoadResultRow {
  const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as object;
  return {
    executor: load.report.executor,
    requests: load.report.requests,
    rps: load.report.rps,
    latencyMs: json(load.report.latencyMs),
    failedRate: load.report.failedRate,
    statusCounts: json(load.report.statusCounts),
    series: json(load.report.series),
    thresholds: json(load.report.thresholds),
    droppedIterations: load.droppedIterations,
    bytesReceived: load.raw.bytesReceived,
    abortedReason: load.abortedReason ?? null,
    histogram: load.histogram,
  };
}
