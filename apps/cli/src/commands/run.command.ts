import type { ProbeName } from '@shakedown/core/config';
import type { Severity } from '@shakedown/core/findings';
import { applyBaseline, type Report } from '@shakedown/core/report';

import { loadBaselineFile } from '../baseline-file';

import type { CliIo } from '../cli-io';
import { loadConfigFile } from '../config-file';
import type { Engine } from '../engine';
import { CliError, ExitCode } from '../exit-codes';
import type { ReportFormat } from '../options';
import { ProgressReporter } from '../progress';
import { emitReport, exitCodeFor, prepareOutput } from '../report-output';

export interface RunOptions {
  config: string;
  format: ReportFormat;
  out?: string;
  probes?: ProbeName[];
  failOn: Severity;
  /** A JSON report of an earlier run: only findings not in it fail the run. */
  baseline?: string;
}

/** `shakedown run`: the probes against the config's target, from this machine. */
export async function runCommand(
  options: RunOptions,
  io: CliIo,
  engine: Engine,
  toolVersion: string,
  onReport?: (report: Report) => void,
): Promise<ExitCode> {
  const loaded = await loadConfigFile(options.config, io);
  const baseline =
    options.baseline === undefined
      ? undefined
      : await loadBaselineFile(options.baseline, io, loaded.config.target.name);
  await prepareOutput(options.out, io);
  const progress = new ProgressReporter(io);
  const controller = new AbortController();
  let interrupts = 0;
  const stopListening = io.onInterrupt(() => {
    interrupts += 1;
    if (interrupts === 1) {
      progress.message('Cancelling: finishing the current requests (Ctrl-C again to quit now)…');
      controller.abort();
    } else {
      progress.finish();
      io.stderr.write('Quit.\n');
      process.exit(ExitCode.interrupted);
    }
  });

  let report: Report;
  try {
    report = await engine.runProbes(loaded.config, {
      ...(options.probes ? { include: options.probes } : {}),
      signal: controller.signal,
      onProgress: (event) => progress.update(event, event.check),
      onLog: (level, message) =>
        progress.message(level === 'warn' ? `warning: ${message}` : message),
    });
  } catch (error) {
    progress.finish();
    if (engine.isTargetUnreachable(error)) {
      throw new CliError(
        `cannot reach ${loaded.config.target.name} at ${loaded.config.target.baseUrl}: ${messageOf(error)}`,
        ExitCode.unreachable,
      );
    }
    if (controller.signal.aborted) {
      throw new CliError('cancelled before any check finished', ExitCode.interrupted);
    }
    throw error;
  } finally {
    stopListening();
  }
  progress.finish();
  if (baseline && options.baseline !== undefined) {
    report = applyBaseline(report, baseline, options.baseline);
  }
  onReport?.(report);

  await emitReport(
    report,
    options.format,
    options.out,
    {
      failOn: options.failOn,
      configFile: loaded.file,
      routeLines: loaded.routeLines,
      toolVersion,
    },
    io,
  );
  if (controller.signal.aborted) {
    io.stderr.write('Cancelled: the report above holds only the checks that finished.\n');
    return ExitCode.interrupted;
  }
  return exitCodeFor(report, options.failOn);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
