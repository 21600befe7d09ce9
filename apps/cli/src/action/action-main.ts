import path from 'node:path';

import type { Report } from '@shakedown/core/report';

import { runCli } from '../cli';
import { processIo } from '../cli-io';
import { loadEngine } from '../engine';
import { CliError, ExitCode } from '../exit-codes';
import { planAction, type ActionPlan } from './action-inputs';
import { renderJobSummary } from './job-summary';

/** The CLI's version, set by scripts/bundle.mjs when it bundles the action. */
declare const SHAKEDOWN_VERSION: string;

/**
 * The GitHub Action (action.yml at the repository root): runs `shakedown run` (or `remote run`
 * with `api`) in this process, writes the report file, the job summary and the outputs, and
 * ends with the CLI's exit code.
 */
async function main(): Promise<void> {
  // @actions/core is an ES module; the bundle inlines it.
  const core = await import('@actions/core');
  let plan: ActionPlan;
  try {
    plan = planAction((name) => core.getInput(name));
  } catch (error) {
    core.setFailed(error instanceof CliError ? error.message : String(error));
    process.exitCode = ExitCode.usage;
    return;
  }
  if (plan.token) core.setSecret(plan.token);
  const io = processIo();
  let report: Report | undefined;
  const code = await runCli(
    ['node', 'shakedown', ...plan.args],
    { ...io, env: { ...io.env, ...(plan.token ? { SHAKEDOWN_API_KEY: plan.token } : {}) } },
    {
      loadEngine,
      version: SHAKEDOWN_VERSION,
      onReport: (finished) => {
        report = finished;
      },
    },
  );
  core.setOutput('exit-code', String(code));
  if (report) {
    const reportFile = path.resolve(io.cwd, plan.out);
    core.setOutput('report', reportFile);
    core.setOutput('findings', String(report.findings.length));
    const fresh = report.findings.filter((finding) => finding.baselineState !== 'unchanged');
    core.setOutput('new-findings', String(fresh.length));
    await core.summary.addRaw(renderJobSummary(report, plan.failOn, plan.out)).write();
  }
  if (code !== ExitCode.ok) {
    core.setFailed(
      code === ExitCode.findings
        ? `shakedown found ${report?.baseline ? 'new findings' : 'findings'} at or above ${plan.failOn}`
        : `shakedown exited ${code} (see the log above)`,
    );
  }
  process.exitCode = code;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `shakedown action: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = ExitCode.unreachable;
});
