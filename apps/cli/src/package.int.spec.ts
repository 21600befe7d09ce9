import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

import { freePort } from '@shakedown/core/testing';
import { ReportSchema, type Report } from '@shakedown/core/report';

import {
  installTarball,
  linksLeaving,
  packCli,
  runProcess,
  sarifSchema,
  withDemoApi,
  writeDemoConfig,
  CLI_DIR,
} from './testing/packed-cli';

const manifestVersion = () =>
  (JSON.parse(readFileSync(path.join(CLI_DIR, 'package.json'), 'utf8')) as { version: string })
    .version;

// The CLI as a user gets it: `npm pack`, installed into an empty folder outside the workspace by
// its own `npm install`, run against the demo API. Which findings the demo must produce is the
// probe engine's test; this one checks the package, its exit codes, reports and baselines.

const ALL_DEFAULT_DEFECTS_OFF = {
  withoutDefects: [
    'idempotency.duplicate_on_parallel_retry',
    'schema.unknown_field_persisted',
    'payload.oversize_accepted',
    'ratelimit.spoofable_ip',
    'errors.stack_trace_leak',
  ] as const,
};

describe('the packed CLI, installed in an empty folder', () => {
  let tarball: string;
  let user: { dir: string; bin: string };
  const shakedown = (args: string[]) => runProcess(user.bin, args, { cwd: user.dir });
  const readReport = (file: string): Report =>
    ReportSchema.parse(JSON.parse(readFileSync(path.join(user.dir, file), 'utf8')));

  beforeAll(async () => {
    tarball = await packCli();
    user = await installTarball(tarball);
  }, 120_000);
  afterAll(() => {
    rmSync(path.dirname(tarball), { recursive: true, force: true });
    rmSync(user.dir, { recursive: true, force: true });
  });

  it('is a real install: no link into the monorepo, no dependency, only the bundles', () => {
    expect(linksLeaving(user.dir)).toEqual([]);
    const installed = path.join(user.dir, 'node_modules', '@shakedown', 'cli');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      engines: { node: string };
    };
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.engines.node).toBe('>=20');
    const bundle = readFileSync(path.join(installed, 'dist', 'shakedown.js'), 'utf8');
    expect(bundle).not.toContain('sourceMappingURL');
  });

  it('also runs as the issue asks: npm i -g of the tarball, and npx --package', async () => {
    const prefix = path.join(user.dir, 'global');
    const npm = ['--offline', '--no-audit', '--no-fund'];
    const global = await runProcess('npm', ['install', '-g', ...npm, '--prefix', prefix, tarball], {
      cwd: user.dir,
    });
    expect(global.code).toBe(0);
    const version = await runProcess(path.join(prefix, 'bin', 'shakedown'), ['--version'], {
      cwd: user.dir,
    });
    expect(version.stdout.trim()).toBe(manifestVersion());
    const npx = await runProcess(
      'npx',
      ['--yes', '--offline', '--package', tarball, 'shakedown', '--version'],
      {
        cwd: user.dir,
      },
    );
    expect(npx.code).toBe(0);
    expect(npx.stdout.trim()).toBe(manifestVersion());
  }, 120_000);

  it('publishes only the bundles, the README and the licence (npm publish --dry-run)', async () => {
    // HOME (npm's cache and config) in the temporary folder, not in the package.
    const dryRun = await runProcess('npm', ['publish', '--dry-run', '--json', '--offline'], {
      cwd: CLI_DIR,
      env: { HOME: user.dir },
    });
    expect(dryRun.code).toBe(0);
    const json = dryRun.stdout.slice(dryRun.stdout.indexOf('{'));
    const packed = JSON.parse(json) as
      { files: { path: string }[] } | Record<string, { files: { path: string }[] }>;
    const files = ('files' in packed ? packed.files : Object.values(packed)[0]!.files) as {
      path: string;
    }[];
    expect(files.map((file) => file.path).sort()).toEqual([
      'LICENSE',
      'README.md',
      'dist/shakedown-engine.js',
      'dist/shakedown.js',
      'package.json',
    ]);
  }, 120_000);

  it('prints its version and lists every command with an example', async () => {
    const version = await shakedown(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await shakedown(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['run', 'validate', 'remote run']) {
      expect(help.stdout).toContain(`$ shakedown ${command} `);
    }
  });

  it('exits 1 on the demo, with a JSON report and a SARIF file valid against SARIF 2.1.0', async () => {
    await withDemoApi({}, async (url) => {
      writeDemoConfig(user.dir, url);
      const json = await shakedown(['run', '-c', 'shakedown.yml', '-f', 'json', '-o', 'r.json']);
      expect(json.stderr).not.toContain('shakedown: ');
      expect(json.code).toBe(1);
      const report = readReport('r.json');
      expect(report.target).toBe('demo-api');
      expect(report.findings.map((finding) => finding.code).sort()).toEqual([
        'errors.stack_trace_leak',
        'idempotency.duplicate_on_parallel_retry',
        'payload.oversize_accepted',
        'ratelimit.spoofable_ip',
        'schema.unknown_field_persisted',
      ]);
      expect(
        report.findings.every((finding) => /^[0-9a-f]{16}$/.test(finding.fingerprint ?? '')),
      ).toBe(true);
    });
    await withDemoApi({}, async (url) => {
      writeDemoConfig(user.dir, url);
      const sarif = await shakedown(['run', '-c', 'shakedown.yml', '-f', 'sarif', '-o', 'r.sarif']);
      expect(sarif.code).toBe(1);
      const log = JSON.parse(readFileSync(path.join(user.dir, 'r.sarif'), 'utf8')) as {
        runs: { results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[];
      };
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(sarifSchema());
      expect(validate(log) ? [] : validate.errors).toEqual([]);
      expect(log.runs[0]?.results).toHaveLength(5);
    });
  }, 120_000);

  it('exits 0 on a demo API without defects', async () => {
    await withDemoApi(ALL_DEFAULT_DEFECTS_OFF, async (url) => {
      writeDemoConfig(user.dir, url);
      // Not payload: from a separate process, the demo's correct 413 to a 10 MB body sometimes
      // arrives as a connection reset, which payload.oversize_5xx reports (see the report).
      const probes = 'idempotency,schema,tenant,errors,ratelimit';
      const clean = await shakedown(['run', '-c', 'shakedown.yml', '-p', probes, '-f', 'json']);
      expect(clean.code).toBe(0);
      expect(ReportSchema.parse(JSON.parse(clean.stdout)).findings).toEqual([]);
    });
  }, 120_000);

  it('exits 2 for a bad config and 3 when the target cannot be reached', async () => {
    writeFileSync(path.join(user.dir, 'bad.yml'), 'version: 1\ntarget: { name: x }\ncolour: red\n');
    const bad = await shakedown(['run', '-c', 'bad.yml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^shakedown: bad\.yml: /m);
    writeDemoConfig(user.dir, `http://127.0.0.1:${await freePort()}`, 'down.yml');
    const down = await shakedown(['run', '-c', 'down.yml']);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('shakedown: cannot reach demo-api');
  }, 60_000);

  it('with --baseline: 0 new on a second run; one more defect makes exactly that finding new', async () => {
    const first = await withDemoApi({}, async (url) => {
      writeDemoConfig(user.dir, url);
      return shakedown(['run', '-c', 'shakedown.yml', '-f', 'json', '-o', 'baseline.json']);
    });
    expect(first.code).toBe(1);
    const baseline = readReport('baseline.json');

    const again = await withDemoApi({}, async (url) => {
      writeDemoConfig(user.dir, url);
      return shakedown(['run', '-c', 'shakedown.yml', '--baseline', 'baseline.json']);
    });
    expect(again.stderr).not.toContain('shakedown: ');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Baseline (baseline.json): 0 new, 5 still present, 0 fixed');

    const worse = await withDemoApi({ extraDefects: ['tenant.cross_read'] }, async (url) => {
      writeDemoConfig(user.dir, url);
      const args = ['run', '-c', 'shakedown.yml', '--baseline', 'baseline.json'];
      return shakedown([...args, '-f', 'json', '-o', 'worse.json']);
    });
    expect(worse.code).toBe(1);
    expect(worse.stderr).toContain('Baseline (baseline.json): 1 new, 5 still present, 0 fixed');
    const report = readReport('worse.json');
    const fresh = report.findings.filter((finding) => finding.baselineState === 'new');
    expect(fresh.map((finding) => [finding.code, finding.route])).toEqual([
      ['tenant.cross_read', 'create-note'],
    ]);
    const fingerprints = (findings: Report['findings']) =>
      findings.map((finding) => `${finding.code} ${finding.fingerprint}`).sort();
    expect(
      fingerprints(report.findings.filter((finding) => finding.baselineState === 'unchanged')),
    ).toEqual(fingerprints(baseline.findings));
  }, 180_000);
});
