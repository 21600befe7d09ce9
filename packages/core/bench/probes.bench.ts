/**
 * `pnpm bench:probes`: the full default probe suite (no load stage) against the bundled demo
 * API, started in this process on a free 127.0.0.1 port. Prints the wall time of each run and
 * the findings, and exits 1 when a run takes 30 s or more (the goal of issue 3).
 *
 * Flags: --runs N (default 3; each against a fresh demo API).
 */
import { runProbes } from '../src/probes/engine';
import { startDemo, stopDemo } from '../test/targets/demo-target';
import { flag } from './bench-args';

const GOAL_MS = 30_000;

async function runOnce(): Promise<{
  ms: number;
  requests: number;
  summary: string;
  findings: string[];
}> {
  const { server, config, requests } = await startDemo();
  try {
    const started = performance.now();
    const report = await runProbes(config);
    const ms = performance.now() - started;
    const { checks, passed, failed, skipped, error } = report.summary;
    return {
      ms,
      requests: requests(),
      summary: `${checks} checks: ${passed} passed, ${failed} failed, ${skipped} skipped, ${error} error`,
      findings: report.findings.map(
        (finding) => `${finding.severity.padEnd(8)} ${finding.code} (${finding.route})`,
      ),
    };
  } finally {
    await stopDemo(server);
  }
}

async function main(): Promise<void> {
  const runs = flag('runs', 3);
  const times: number[] = [];
  console.log(
    `probe suite against the demo API (examples/demo.yml, no load stage), ${runs} run(s)`,
  );
  for (let run = 1; run <= runs; run += 1) {
    const result = await runOnce();
    times.push(result.ms);
    console.log(
      `run ${run}: ${(result.ms / 1000).toFixed(2)} s wall, ${result.requests} requests, ${result.summary}`,
    );
    if (run === 1) for (const finding of result.findings) console.log(`  ${finding}`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const worst = sorted[sorted.length - 1]!;
  console.log(
    `median ${(median / 1000).toFixed(2)} s, worst ${(worst / 1000).toFixed(2)} s (goal: under ${GOAL_MS / 1000} s; worst/goal ${(worst / GOAL_MS).toFixed(3)})`,
  );
  if (worst >= GOAL_MS) {
    console.error('the probe suite took 30 s or more');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
