import { Inject, Injectable } from '@nestjs/common';
import { FindingRepository, type LoadResult, type Run } from '@shakedown/db';
import { ErrorCode, TERMINAL_RUN_STATUSES } from '@shakedown/core/contract';
import {
  summarise,
  VerdictSchema,
  writeJsonReport,
  writeJunitReport,
  writeSarifReport,
  type Check,
  type Finding,
  type LoadReport,
  type Report,
  type Summary,
} from '@shakedown/core/report';
import type { ProbeName } from '@shakedown/core/config';

import type { Response } from 'express';

import { ApiError } from '../common/api-error';
import type { RequestContext } from '../common/request-context';
import { evidenceOf } from './runs.dto';
import { RunsService } from './runs.service';

export interface ReportFile {
  contentType: string;
  filename: string;
  body: string;
}

const FORMATS = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  junit: { contentType: 'application/xml; charset=utf-8', extension: 'junit.xml' },
  sarif: { contentType: 'application/sarif+json; charset=utf-8', extension: 'sarif' },
} as const;

/** The report of docs/spec/config.md, rebuilt from the stored checks, findings and load result. */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(RunsService) private readonly runs: RunsService,
    @Inject(FindingRepository) private readonly findings: FindingRepository,
  ) {}

  async build(ctx: RequestContext, runId: string): Promise<Report> {
    const run = await this.runs.find(ctx, runId);
    if (!TERMINAL_RUN_STATUSES.includes(run.status)) {
      throw new ApiError(
        409,
        ErrorCode.runNotFinished,
        `the run is ${run.status}; its report exists once it ends`,
      );
    }
    const [checkRows, findingRows, load] = await Promise.all([
      this.findings.checksForRun(ctx.orgId, run.id),
      this.findings.allForRun(ctx.orgId, run.id),
      this.findings.loadResultForRun(ctx.orgId, run.id),
    ]);
    const checks: Check[] = checkRows.map((row) => ({
      code: row.code,
      route: row.route,
      status: row.status,
      ...(row.reason ? { reason: row.reason } : {}),
    }));
    const findings: Finding[] = findingRows.map((row) => ({
      code: row.code,
      probe: row.probe as ProbeName,
      route: row.route,
      severity: row.severity,
      title: row.title,
      detail: row.detail,
      evidence: evidenceOf(row.evidence),
    }));
    return {
      version: 1,
      target: targetNameOf(run),
      startedAt: (run.startedAt ?? run.createdAt).toISOString(),
      finishedAt: (run.finishedAt ?? run.createdAt).toISOString(),
      summary: withStoredVerdict(summarise(checks, findings), run.summary),
      checks,
      findings,
      ...(load ? { load: toLoadReport(load) } : {}),
    };
  }

  /** Sets the download headers; the body goes out as the handler's answer. */
  send(file: ReportFile, response: Response): string {
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  async download(
    ctx: RequestContext,
    runId: string,
    format: keyof typeof FORMATS,
  ): Promise<ReportFile> {
    const report = await this.build(ctx, runId);
    const body =
      format === 'junit'
        ? writeJunitReport(report)
        : format === 'sarif'
          ? writeSarifReport(report)
          : writeJsonReport(report);
    const safeName = report.target.replace(/[^A-Za-z0-9._-]+/g, '-');
    return {
      contentType: FORMATS[format].contentType,
      filename: `shakedown-${safeName}-${runId}.${FORMATS[format].extension}`,
      body,
    };
  }
}

function targetNameOf(run: Run): string {
  const name = (run.config as { target?: { name?: unknown } } | null)?.target?.name;
  return typeof name === 'string' ? name : 'target';
}

function toLoadReport(load: LoadResult): LoadReport {
  return {
    executor: load.executor,
    requests: load.requests,
    rps: load.rps,
    latencyMs: load.latencyMs as LoadReport['latencyMs'],
    failedRate: load.failedRate,
    statusCounts: load.statusCounts as LoadReport['statusCounts'],
    series: load.series as LoadReport['series'],
    thresholds: load.thresholds as LoadReport['thresholds'],
  };
}

/**
 * The verdict the worker stored: it knew which checks the config made not applicable, which
 * the stored check rows do not keep. Reports of runs stored before verdicts compute one.
 */
function withStoredVerdict(summary: Summary, stored: unknown): Summary {
  const verdict = VerdictSchema.safeParse((stored as { verdict?: unknown } | null)?.verdict);
  return verdict.success ? { ...summary, verdict: verdict.data } : summary;
}
