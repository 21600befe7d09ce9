// `pnpm bench` for the CLI: packs it, installs the tarball into an empty folder (as a user would)
// and times `shakedown --version` ten times. Prints the median against the 300 ms goal and the
// tarball's size. A benchmark, not a test: nothing here fails on a slow machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = 10;
const GOAL_MS = 300;
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'shakedown-bench-'));

try {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: cli,
      encoding: 'utf8',
    }),
  );
  const tarball = path.join(work, packed.filename);
  writeFileSync(path.join(work, 'package.json'), '{ "name": "bench", "private": true }\n');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
    cwd: work,
    stdio: 'ignore',
  });
  const bin = path.join(work, 'node_modules', '.bin', 'shakedown');

  spawnSync(bin, ['--version']); // warm the file cache; not counted
  const times = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = process.hrtime.bigint();
    const result = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.status !== 0) throw new Error(`shakedown --version exited ${result.status}`);
  }
  times.sort((a, b) => a - b);
  const median = (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
  const bare = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  bare.sort((a, b) => a - b);
  const bareMedian = (bare[RUNS / 2 - 1] + bare[RUNS / 2]) / 2;
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  console.log(
    `packed CLI: ${packed.filename}, tarball ${kb(statSync(tarball).size)}, unpacked ${kb(packed.unpackedSize)}`,
  );
  console.log(
    `shakedown --version, median of ${RUNS}: ${median.toFixed(0)} ms ` +
      `(goal < ${GOAL_MS} ms: ${(median / GOAL_MS).toFixed(2)}× the goal; ` +
      `bare \`node -e 0\` ${bareMedian.toFixed(0)} ms, ${(median / bareMedian).toFixed(2)}× that)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
