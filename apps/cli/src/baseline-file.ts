import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { ReportSchema, type Report } from '@shakedown/core/report';

import type { CliIo } from './cli-io';
import { CliError, ExitCode } from './exit-codes';

/**
 * `--baseline FILE`: a JSON report of an earlier run (`--format json`). Read and checked before
 * the run starts, so a wrong file fails at once (exit 2) instead of after minutes of probing.
 */
export async function loadBaselineFile(file: string, io: CliIo, target: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot read --baseline ${file}: ${reason}`, ExitCode.usage);
  }
  const baseline = parseBaseline(text, `--baseline ${file}`, ExitCode.usage);
  if (baseline.target !== target) {
    throw new CliError(
      `--baseline ${file} is a report of target "${baseline.target}", not "${target}": ` +
        'fingerprints include the target, so nothing would match',
      ExitCode.usage,
    );
  }
  return baseline;
}

/** A JSON report, or a CliError naming what is wrong with it (`exitCode` by who is to blame). */
export function parseBaseline(text: string, what: string, exitCode: ExitCode): Report {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CliError(`${what} is not JSON: give a report written with --format json`, exitCode);
  }
  const parsed = ReportSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new CliError(
      `${what} is not a Shakedown JSON report (${where}${issue?.message ?? 'invalid'})`,
      exitCode,
    );
  }
  return parsed.data;
}
