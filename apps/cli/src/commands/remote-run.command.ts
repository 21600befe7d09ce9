import { randomUUID } from 'node:crypto';

import type { ProbeName } from '@shakedown/core/config';
import {
  isApiError,
  TERMINAL_RUN_STATUSES,
  type ApiError,
  type Run,
} from '@shakedown/core/contract';
import type { Severity } from '@shakedown/core/findings';
import { applyBaseline, type Report } from '@shakedown/core/report';

import { loadBaselineFile, parseBaseline } from '../baseline-file';
import type { CliIo } from '../cli-io';
import { CliError, ExitCode } from '../exit-codes';
import type { ReportFormat } from '../options';
import { ProgressReporter } from '../progress';
import { ShakedownApiClient } from '../remote/shakedown-api.client';
import {
  emitDocument,
  emitReport,
  exitCodeFor,
  prepareOutput,
  writeSummaryLines,
} from '../report-output';

export interface RemoteRunOptions {
  api: string;
  token?: string;
  target: string;
  probes?: ProbeName[];
  format: ReportFormat;
  out?: string;
  failOn: Severity;
  /** Milliseconds to wait for the run to finish. */
  timeout: number;
  /** A JSON report file, or `previous`: the target's last completed run on the service. */
  baseline?: string;
}

/** `--baseline previous`: the hosted service's last completed run of the target. */
export const PREVIOUS_RUN = 'previous';

export interface RemoteRunDeps {
  fetch?: typeof fetch;
  /** Between polls of the run; default 1.5 s. */
  pollIntervalMs?: number;
  toolVersion: string;
  onReport?: (report: Report) => void;
}

/** `shakedown remote run`: starts a run on the hosted service, follows it, fetches its report. */
export async function remoteRunCommand(
  options: RemoteRunOptions,
  io: CliIo,
  deps: RemoteRunDeps,
): Promise<ExitCode> {
  const apiKey = options.token ?? io.env.SHAKEDOWN_API_KEY;
  if (!apiKey) {
    throw new CliError(
      'remote run needs an API key: pass --token or set SHAKEDOWN_API_KEY',
      ExitCode.usage,
    );
  }
  await prepareOutput(options.out, io);
  const client = new ShakedownApiClient({
    baseUrl: options.api,
    apiKey,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  try {
    return await follow(client, options, io, deps);
  } catch (error) {
    if (isApiError(error)) throw toCliError(error);
    throw error;
  }
}

async function follow(
  client: ShakedownApiClient,
  options: RemoteRunOptions,
  io: CliIo,
  deps: RemoteRunDeps,
): Promise<ExitCode> {
  const target = await client.findTargetByName(options.target);
  const baseline = await loadBaseline(client, options, target, io);
  let run = await client.createRun(target.id, options.probes, randomUUID());
  io.stderr.write(`Run ${run.id} ${run.status} for target ${target.name}.\n`);

  const progress = new ProgressReporter(io);
  const interrupted = new AbortController();
  const stopListening = io.onInterrupt(() => {
    if (interrupted.signal.aborted) process.exit(ExitCode.interrupted);
    interrupted.abort();
  });
  const deadline = Date.now() + options.timeout;
  try {
    while (!TERMINAL_RUN_STATUSES.includes(run.status)) {
      progress.update(progressOf(run));
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        progress.finish();
        await cancelQuietly(client, run.id);
        throw new CliError(
          `run ${run.id} did not finish within --timeout (still ${run.status}); asked the service to cancel it`,
          ExitCode.unreachable,
        );
      }
      await wait(Math.min(deps.pollIntervalMs ?? 1500, remaining), interrupted.signal);
      if (interrupted.signal.aborted) {
        progress.finish();
        await cancelQuietly(client, run.id);
        io.stderr.write(`Cancelled: asked the service to cancel run ${run.id}.\n`);
        return ExitCode.interrupted;
      }
      run = await client.getRun(run.id);
    }
  } finally {
    stopListening();
  }
  progress.update(progressOf(run));
  progress.finish();

  if (run.status === 'failed') {
    throw new CliError(
      `run ${run.id} failed: ${run.failureReason ?? 'the service gave no reason'}`,
      ExitCode.unreachable,
    );
  }
  if (run.status === 'cancelled') {
    throw new CliError(
      `run ${run.id} was cancelled${run.failureReason ? `: ${run.failureReason}` : ''}`,
      ExitCode.unreachable,
    );
  }

  const json = await client.getReport(run.id, 'json');
  let report = parseBaseline(json, 'the report the Shakedown API sent', ExitCode.unreachable);
  const context = { failOn: options.failOn, toolVersion: deps.toolVersion };
  if (baseline) report = applyBaseline(report, baseline.report, baseline.source);
  deps.onReport?.(report);
  if (baseline) {
    // The service's own renderings know no baseline: every format is written here instead.
    await emitReport(report, options.format, options.out, context, io);
  } else if (options.format === 'text') {
    await emitReport(report, 'text', options.out, context, io);
  } else {
    const document =
      options.format === 'json' ? json : await client.getReport(run.id, options.format);
    await emitDocument(document, options.out, io);
    if (options.out !== undefined) {
      writeSummaryLines(report, `${options.format} report written to ${options.out}`, io);
    }
  }
  return exitCodeFor(report, options.failOn);
}

/** The baseline, read before the run starts: a file, or the target's last completed run. */
async function loadBaseline(
  client: ShakedownApiClient,
  options: RemoteRunOptions,
  target: { id: string; name: string },
  io: CliIo,
): Promise<{ report: Report; source: string } | undefined> {
  if (options.baseline === undefined) return undefined;
  if (options.baseline !== PREVIOUS_RUN) {
    const report = await loadBaselineFile(options.baseline, io, target.name);
    return { report, source: options.baseline };
  }
  const previous = await client.lastCompletedRun(target.id);
  if (!previous) {
    // The first run of a target has nothing to compare with: every finding is new.
    io.stderr.write(`No completed run of ${target.name} yet: every finding counts as new.\n`);
    return { report: emptyReportOf(target.name), source: 'no previous run' };
  }
  const text = await client.getReport(previous.id, 'json');
  const what = `the report of run ${previous.id}`;
  return { report: parseBaseline(text, what, ExitCode.unreachable), source: `run ${previous.id}` };
}

function emptyReportOf(target: string): Report {
  const at = new Date(0).toISOString();
  return {
    version: 1,
    target,
    startedAt: at,
    finishedAt: at,
    summary: {
      checks: 0,
      passed: 0,
      failed: 0,
      skipped: 0,
      error: 0,
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    },
    checks: [],
    findings: [],
  };
}

function progressOf(run: Run) {
  return {
    done: run.progressDone,
    total: run.progressTotal,
    probe: run.currentProbe ?? run.status,
  };
}

function toCliError(error: ApiError): CliError {
  const where = error.requestId ? `${error.code}, request ${error.requestId}` : error.code;
  const message = `the Shakedown API refused: ${error.message} (${where})`;
  // Rejected input or credentials is the caller's to fix; overload and outages are not.
  const isCallers = error.status >= 400 && error.status < 500 && error.status !== 429;
  return new CliError(message, isCallers ? ExitCode.usage : ExitCode.unreachable);
}

async function cancelQuietly(client: ShakedownApiClient, runId: string): Promise<void> {
  try {
    await client.cancelRun(runId);
  } catch {
    // Best effort: the run may have just finished, or the service may not offer cancel.
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
