import { hostname } from 'node:os';

import { Injectable, Logger } from '@nestjs/common';
import type { LoadStageResult } from '@shakedown/core/load';
import type { Check, Finding } from '@shakedown/core/report';
import { FindingRepository, RunRepository } from '@shakedown/db';
import { RunSignals } from '@shakedown/nest-infra';

import { WorkerMetrics } from '../infra/metrics/worker-metrics.service';
import { HandBackSignal } from '../infra/queue/worker-lifecycle.service';
import { WebhookEventsService } from '../webhook-deliveries/webhook-events.service';
import type { ProbeRunOutcome } from './probe-run-outcome';
import { markNewFindings } from './regressions';
import { toRunResults } from './run-results.mapper';
import { RunReporter } from './run-reporter';
import { DeadlineExceeded } from './run-stop-signal';

/** Which worker process ran an attempt, in the run log. */
export const WORKER_ID = `${hostname()}:${process.pid}`;

type RunRef = { orgId: string; id: string };

/**
 * Ends a run, the one way whoever ends it: completed with its results (compared with the
 * target's previous completed run), failed with a reason a user can read, cancelled, or handed
 * back to the queue at shutdown. Each end is recorded once (a run that has already ended is not
 * ended again), counted in the metrics, published as the run's last progress event, and turned
 * into its webhook events.
 */
@Injectable()
export class RunFinisher {
  private readonly logger = new Logger(RunFinisher.name);

  constructor(
    private readonly runs: RunRepository,
    private readonly findings: FindingRepository,
    private readonly signals: RunSignals,
    private readonly metrics: WorkerMetrics,
    private readonly events: WebhookEventsService,
  ) {}

  /** What the run tells the world while it executes (progress and log). */
  reporterFor(run: RunRef): RunReporter {
    return new RunReporter(this.runs, this.signals, run, this.logger);
  }

  /** Stores the run's checks, findings and load result; new findings are marked as such. */
  async complete(
    run: RunRef & { targetId: string; createdAt: Date },
    found: {
      checks: Check[];
      findings: Finding[];
      load: LoadStageResult | undefined;
      cleanAt?: number | undefined;
    },
    reporter: RunReporter,
  ): Promise<ProbeRunOutcome> {
    const previous = await this.runs.findPreviousCompleted(run.orgId, run);
    const marked = markNewFindings(
      found.checks,
      found.findings,
      previous
        ? await this.findings.latestDecisionsBefore(run.orgId, run.targetId, run.createdAt)
        : null,
    );
    const results = toRunResults({
      checks: found.checks,
      findings: marked.findings,
      load: found.load,
      cleanAt: found.cleanAt,
      regressionCount: marked.regressionCount,
    });
    const stored = await this.runs.completeRun(run.orgId, run.id, results);
    if (!stored) {
      this.logger.warn({ runId: run.id }, 'the run ended elsewhere before its results were stored');
      return { kind: 'already-finished' };
    }
    this.metrics.recordRunFinished('completed');
    await reporter.publish('completed');
    this.logger.log(
      {
        orgId: run.orgId,
        runId: run.id,
        findings: found.findings.length,
        new: marked.regressionCount,
      },
      'run completed',
    );
    await this.events.recordRunEvents(run.orgId, run.id);
    return { kind: 'completed' };
  }

  /** Ends a run whose stop signal fired, as its reason says. */
  async stopped(run: RunRef, reason: unknown, reporter: RunReporter): Promise<ProbeRunOutcome> {
    await reporter.flush();
    if (reason instanceof HandBackSignal) return this.handBack(run, reporter);
    if (reason instanceof DeadlineExceeded) return this.fail(run, reason.message);
    return this.cancel(run, reporter);
  }

  async cancel(run: RunRef, reporter = this.reporterFor(run)): Promise<ProbeRunOutcome> {
    const ended = await this.runs.finishRun(
      run.orgId,
      run.id,
      'cancelled',
      'Cancelled on request.',
    );
    if (ended) this.metrics.recordRunFinished('cancelled');
    await reporter.publish('cancelled');
    return { kind: 'cancelled' };
  }

  async fail(run: RunRef, reason: string): Promise<ProbeRunOutcome> {
    const ended = await this.runs.finishRun(run.orgId, run.id, 'failed', reason);
    if (ended) {
      this.metrics.recordRunFinished('failed');
      this.logger.warn({ orgId: run.orgId, runId: run.id, reason }, 'run failed');
      await this.reporterFor(run).publish('failed');
    }
    await this.events.recordRunEvents(run.orgId, run.id);
    return { kind: 'failed' };
  }

  /** The worker is shutting down: the run goes back to `queued` for the next worker. */
  private async handBack(run: RunRef, reporter: RunReporter): Promise<ProbeRunOutcome> {
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
}
