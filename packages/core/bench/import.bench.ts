/**
 * `pnpm bench:import`: drafts the largest document of the import's corpus (GitHub's full REST
 * description, 13 MB, 1,223 operations) and prints the time of each run, with what the draft
 * holds. Exits 1 when a draft takes 10 s or more (the goal of issue 11), or fails.
 *
 * Flags: --runs N (default 3).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { importOpenApi } from '../src/openapi';

const GOAL_MS = 10_000;
const DOCUMENT = path.resolve(__dirname, '../test/openapi-corpus/github-api.json.gz');

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

async function main(): Promise<void> {
  const text = gunzipSync(readFileSync(DOCUMENT)).toString('utf8');
  const runs = flag('runs', 3);
  console.log(`GitHub's description: ${(text.length / 1024 ** 2).toFixed(1)} MB of JSON`);
  const times: number[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const started = performance.now();
    const result = await importOpenApi(text);
    const ms = performance.now() - started;
    if (!result.ok) {
      console.error(`run ${run}: no draft (${result.code}): ${result.issues[0]?.message ?? ''}`);
      process.exit(1);
    }
    times.push(ms);
    const invalid = result.warnings.filter((warning) =>
      /not valid and needs a hand/.test(warning.message),
    );
    console.log(
      `run ${run}: ${(ms / 1000).toFixed(2)} s — ${result.source.operations} operations, ` +
        `${(result.config.routes as unknown[]).length} routes, ${result.leftOut.length} left out, ` +
        `${invalid.length} invalid samples, ${(JSON.stringify(result.config).length / 1024).toFixed(0)} KB config, ` +
        `${(result.yaml.length / 1024).toFixed(0)} KB YAML`,
    );
    if (invalid.length > 0) process.exitCode = 1;
  }
  const slowest = Math.max(...times);
  const verdict = slowest < GOAL_MS ? 'within' : 'OVER';
  console.log(
    `slowest draft: ${(slowest / 1000).toFixed(2)} s (${verdict} the ${GOAL_MS / 1000} s goal)`,
  );
  if (slowest >= GOAL_MS) process.exitCode = 1;
}

void main();
