import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ReportSchema, type Report } from '@shakedown/core/report';

import { freePort } from '@shakedown/core/testing';
import { BUILT_CLI, REPOSITORY_ROOT, runCli, startCli } from './testing/built-cli';
import { ordersConfig, startTarget, type TargetServer } from './testing/target-servers';

// The built CLI (`node apps/cli/dist/main.js`, what `pnpm shakedown` runs), spawned against real
// HTTP servers on 127.0.0.1: each exit code of the spec, end to end.

function parseReport(stdout: string): Report {
  return ReportSchema.parse(JSON.parse(stdout));
}

beforeAll(() => {
  // `npm test` builds everything first; a bare `npx jest` here builds what it needs.
  if (!existsSync(BUILT_CLI)) {
    for (const pkg of ['@shakedown/core', '@shakedown/cli']) {
      const result = spawnSync('pnpm', ['--filter', pkg, 'build'], {
        cwd: REPOSITORY_ROOT,
        stdio: 'inherit',
      });
      if (result.status !== 0) throw new Error(`building ${pkg} failed`);
    }
  }
}, 300_000);

describe('the built shakedown CLI', () => {
  let dir: string;
  let target: TargetServer | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'shakedown-cli-int-'));
  });
  afterEach(async () => {
    await target?.close();
    target = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 when the target has a high finding, with the finding in the JSON report', async () => {
    target = await startTarget('mass-assignment');
    writeFileSync(path.join(dir, 'shakedown.yml'), ordersConfig(target.url));
    const { code, stdout, stderr } = await runCli(
      ['run', '--config', 'shakedown.yml', '--probes', 'schema', '--format', 'json'],
      dir,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    const report = parseReport(stdout);
    const finding = report.findings.find((f) => f.code === 'schema.unknown_field_persisted');
    expect(finding?.severity).toBe('high');
    expect(finding?.evidence.exchanges.length).toBeGreaterThan(0);
    expect(code).toBe(1);
    expect(stderr).toMatch(/\[\d+\/\d+\] schema\.unknown_field_persisted \[create-order\] failed/);
  });

  it('exits 0 for a target that does it right', async () => {
    target = await startTarget('strict');
    writeFileSync(path.join(dir, 'shakedown.yml'), ordersConfig(target.url));
    const { code, stdout } = await runCli(
      ['run', '--config', 'shakedown.yml', '--probes', 'schema', '--format', 'json'],
      dir,
    );
    const report = parseReport(stdout);
    expect(report.findings).toEqual([]);
    expect(report.checks.some((check) => check.status === 'passed')).toBe(true);
    expect(code).toBe(0);
  });

  it('writes JUnit and SARIF files for the same run', async () => {
    target = await startTarget('mass-assignment');
    writeFileSync(path.join(dir, 'shakedown.yml'), ordersConfig(target.url));
    const junit = await runCli(
      ['run', '-c', 'shakedown.yml', '-p', 'schema', '-f', 'junit', '-o', 'out/junit.xml'],
      dir,
    );
    expect(junit.code).toBe(1);
    expect(junit.stdout).toBe('');
    const xml = readFileSync(path.join(dir, 'out', 'junit.xml'), 'utf8');
    expect(xml).toContain('name="schema.unknown_field_persisted [create-order]"');
    expect(xml).toMatch(
      /<failure message="[^"]+" type="schema\.unknown_field_persisted \(high\)">/,
    );

    const sarif = await runCli(
      ['run', '-c', 'shakedown.yml', '-p', 'schema', '-f', 'sarif', '-o', 'out/shakedown.sarif'],
      dir,
    );
    expect(sarif.code).toBe(1);
    const log = JSON.parse(readFileSync(path.join(dir, 'out', 'shakedown.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string; locations: { physicalLocation: unknown }[] }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    const result = log.runs[0]?.results.find((r) => r.ruleId === 'schema.unknown_field_persisted');
    expect(result?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'shakedown.yml' },
      region: { startLine: 7 },
    });
  });

  it('exits 3 when the target cannot be reached', async () => {
    const port = await freePort();
    writeFileSync(path.join(dir, 'shakedown.yml'), ordersConfig(`http://127.0.0.1:${port}`));
    const { code, stdout, stderr } = await runCli(['run', '--config', 'shakedown.yml'], dir);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toContain(`shakedown: cannot reach orders-api at http://127.0.0.1:${port}`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a config with an unknown key, naming it and its line', async () => {
    target = await startTarget('strict');
    const config = ordersConfig(target.url).replace(
      '    method: POST',
      '    colour: red\n    method: POST',
    );
    writeFileSync(path.join(dir, 'shakedown.yml'), config);
    const { code, stderr } = await runCli(['run', '--config', 'shakedown.yml'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('shakedown.yml: routes[0].colour: unknown key (line 8)');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(target.requests()).toBe(0);
  });

  it('exits 2 for an unknown option or command', async () => {
    const option = await runCli(['run', '--config', 'x.yml', '--colour'], dir);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--colour'");
    const command = await runCli(['rnu'], dir);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'rnu'");
  });

  it('cancels on Ctrl-C and still prints what finished (exit 130)', async () => {
    // Slow answers keep the run going long enough to interrupt it mid-way.
    target = await startTarget('mass-assignment', { delayMs: 150 });
    writeFileSync(path.join(dir, 'shakedown.yml'), ordersConfig(target.url));
    const { child, done } = startCli(['run', '-c', 'shakedown.yml', '-f', 'json'], dir);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no check finished within 60 s')), 60_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        if (/\[[1-9]\d*\/\d+\] /.test(chunk.toString())) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGINT');
    const { code, stdout, stderr } = await done;
    expect(code).toBe(130);
    expect(stderr).toContain('Cancelling');
    const report = parseReport(stdout);
    expect(report.checks.some((check) => check.status !== 'error')).toBe(true);
    expect(report.checks.some((check) => check.reason === 'cancelled')).toBe(true);
  });
});
