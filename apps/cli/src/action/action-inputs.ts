import { SEVERITIES, type Severity } from '@shakedown/core/findings';

import { CliError, ExitCode } from '../exit-codes';
import { REPORT_FORMATS, type ReportFormat } from '../options';

/** What the GitHub Action was given (`with:` in the workflow), as `@actions/core` reads it. */
export type GetInput = (name: string) => string;

export interface ActionPlan {
  /** The `shakedown` arguments (after `node shakedown`). */
  args: string[];
  /** Where the report is written: the `report` output. */
  out: string;
  format: ReportFormat;
  failOn: Severity;
  /** For `remote run`: passed as SHAKEDOWN_API_KEY, never on a command line. */
  token?: string;
}

const EXTENSIONS: Record<ReportFormat, string> = {
  sarif: 'sarif',
  json: 'json',
  junit: 'xml',
  text: 'txt',
};

/**
 * Turns the action's inputs into a `shakedown run` (or, with `api`, `remote run`) command line.
 * Empty inputs take the defaults of action.yml, so a runner that sends no default behaves the
 * same; a bad value is a usage error (exit 2) naming the input.
 */
export function planAction(getInput: GetInput): ActionPlan {
  const input = (name: string) => getInput(name).trim();
  const format = oneOf('format', input('format') || 'sarif', REPORT_FORMATS);
  const failOn = oneOf('fail-on', input('fail-on') || 'high', SEVERITIES);
  const out = input('out') || `shakedown.${EXTENSIONS[format]}`;
  const common = ['--format', format, '--out', out, '--fail-on', failOn];
  for (const name of ['probes', 'baseline'] as const) {
    if (input(name)) common.push(`--${name}`, input(name));
  }
  const api = input('api');
  if (!api) {
    if (input('target') || input('token')) {
      throw new CliError('inputs target and token are for hosted runs: add api', ExitCode.usage);
    }
    const config = input('config') || 'shakedown.yml';
    return { args: ['run', '--config', config, ...common], out, format, failOn };
  }
  const target = input('target');
  if (!target) throw new CliError('input api needs input target (the target name)', ExitCode.usage);
  const args = ['remote', 'run', '--api', api, '--target', target, ...common];
  if (input('timeout')) args.push('--timeout', input('timeout'));
  const token = input('token');
  return { args, out, format, failOn, ...(token ? { token } : {}) };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(
    `input ${name} is "${value}"; choose from ${allowed.join(', ')}`,
    ExitCode.usage,
  );
}
