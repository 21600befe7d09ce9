import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Severity } from '@shakedown/core/findings';
import {
  gatingFindings,
  renderBaselineLine,
  renderSummaryLine,
  renderTextReport,
  toSarifUri,
  writeJsonReport,
  writeJunitReport,
  writeSarifReport,
  type Report,
} from '@shakedown/core/report';

import { useColor, type CliIo } from './cli-io';
import { CliError, ExitCode } from './exit-codes';
import type { ReportFormat } from './options';

export interface RenderContext {
  failOn: Severity;
  /** The config file, for SARIF locations. */
  configFile?: string;
  routeLines?: Record<string, number>;
  toolVersion: string;
}

/** 1 when a finding is at or above `--fail-on` (with a baseline: a new one), else 0. */
export function exitCodeFor(report: Report, failOn: Severity): ExitCode {
  return gatingFindings(report, failOn).length > 0 ? ExitCode.findings : ExitCode.ok;
}

/**
 * Writes the report in `format` to `--out` (creating its folder) or to stdout. With `--out`, a
 * one-line summary still goes to stderr so the CI log shows the outcome.
 */
export async function emitReport(
  report: Report,
  format: ReportFormat,
  out: string | undefined,
  context: RenderContext,
  io: CliIo,
): Promise<void> {
  const toTerminal = out === undefined;
  const text = render(report, format, context, {
    color: toTerminal && useColor(io.stdout, io.env),
    columns: toTerminal && io.stdout.isTTY ? io.stdout.columns : undefined,
  });
  if (toTerminal) {
    io.stdout.write(text);
    // The text report has the baseline line; a machine format on stdout gets it on stderr.
    if (format !== 'text') writeBaselineLine(report, io);
    return;
  }
  await writeOutput(out, text, io);
  writeSummaryLines(report, `${format} report written to ${out}`, io);
}

/** What the CI log shows when the report went to a file: where, the summary, the baseline. */
export function writeSummaryLines(report: Report, written: string, io: CliIo): void {
  const color = useColor(io.stderr, io.env);
  io.stderr.write(`${written}\n${renderSummaryLine(report, { color })}\n`);
  writeBaselineLine(report, io);
}

function writeBaselineLine(report: Report, io: CliIo): void {
  if (report.baseline) io.stderr.write(`${renderBaselineLine(report.baseline)}\n`);
}

/** Writes an already-rendered document (e.g. the hosted service's SARIF) to `--out` or stdout. */
export async function emitDocument(
  text: string,
  out: string | undefined,
  io: CliIo,
): Promise<void> {
  if (out === undefined) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  else await writeOutput(out, text, io);
}

export function render(
  report: Report,
  format: ReportFormat,
  context: RenderContext,
  terminal: { color: boolean; columns: number | undefined },
): string {
  switch (format) {
    case 'json':
      return writeJsonReport(report);
    case 'junit':
      return writeJunitReport(report);
    case 'sarif':
      return writeSarifReport(report, {
        ...(context.configFile ? { configUri: toSarifUri(context.configFile) } : {}),
        ...(context.routeLines ? { routeLines: context.routeLines } : {}),
        toolVersion: context.toolVersion,
      });
    case 'text':
      return renderTextReport(report, {
        color: terminal.color,
        failOn: context.failOn,
        ...(terminal.columns ? { columns: terminal.columns } : {}),
      });
  }
}

/** Runs `step` on `out` resolved against the working folder; a failure is a usage error naming it. */
async function onOutput(
  out: string,
  io: CliIo,
  step: (target: string) => Promise<void>,
): Promise<void> {
  const target = path.resolve(io.cwd, out);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await step(target);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot write ${out}: ${reason}`, ExitCode.usage);
  }
}

async function writeOutput(out: string, text: string, io: CliIo): Promise<void> {
  await onOutput(out, io, (target) => writeFile(target, text, 'utf8'));
}

/** Fails before the run, not after it, when `--out` cannot be written. */
export async function prepareOutput(out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined) return;
  await onOutput(out, io, (target) => access(path.dirname(target), constants.W_OK));
}
