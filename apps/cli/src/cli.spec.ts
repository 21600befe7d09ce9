import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Config } from '@shakedown/core/config';
import {
  summarise,
  withFingerprints,
  type Check,
  type Finding,
  type Report,
} from '@shakedown/core/report';

import { COMMAND_EXAMPLES, runCli } from './cli';
import type { Engine } from './engine';
import { captureIo, type CapturedIo } from './testing/capture-io';

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[`);

// Unit tests of the argument handling, output and exit codes, with a fake engine. The spawned
// CLI against real HTTP servers is in cli.int.spec.ts.

const CONFIG = `version: 1
target:
  name: orders-api
  baseUrl: http://127.0.0.1:4010
  tenants:
    alice: { headers: { Authorization: "Bearer \${ALICE_TOKEN}" } }
routes:
  - id: create-order
    method: POST
    path: /orders
    body: { item: book }
  - id: list-orders
    method: GET
    path: /orders
`;

function finding(severity: Finding['severity'], route = 'create-order'): Finding {
  return {
    code: severity === 'critical' ? 'tenant.cross_read' : 'schema.wrong_type_accepted',
    probe: severity === 'critical' ? 'tenant' : 'schema',
    route,
    severity,
    title: `a ${severity} finding`,
    detail: 'detail',
    evidence: {
      exchanges: [
        {
          request: { method: 'POST', url: 'http://127.0.0.1:4010/orders', headers: {} },
          response: { status: 201, headers: {}, ms: 2 },
        },
      ],
    },
  };
}

function reportOf(findings: Finding[], extraChecks: Check[] = []): Report {
  const checks: Check[] = [
    { code: 'idempotency.duplicate_on_retry', route: 'create-order', status: 'passed' },
    ...findings.map((f) => ({ code: f.code, route: f.route, status: 'failed' as const })),
    ...extraChecks,
  ];
  return {
    version: 1,
    target: 'orders-api',
    startedAt: '2026-11-28T12:00:00.000Z',
    finishedAt: '2026-11-28T12:00:02.000Z',
    summary: summarise(checks, findings),
    checks,
    findings,
  };
}

interface FakeEngine extends Engine {
  calls: { config: Config; include?: string[] }[];
}

function fakeEngine(
  behave: (options: Parameters<Engine['runProbes']>[1]) => Promise<Report> | Report,
): FakeEngine {
  const calls: FakeEngine['calls'] = [];
  return {
    calls,
    async runProbes(config, options) {
      calls.push({ config, ...(options.include ? { include: options.include } : {}) });
      return behave(options);
    },
    isTargetUnreachable: (error) =>
      error instanceof Error && error.name === 'TargetUnreachableError',
  };
}

describe('shakedown (argument handling and exit codes)', () => {
  let dir: string;
  let configFile: string;
  const env = { ALICE_TOKEN: 'secret-a' };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'shakedown-cli-'));
    configFile = path.join(dir, 'shakedown.yml');
    writeFileSync(configFile, CONFIG);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(
    args: string[],
    engine: Engine,
    io: CapturedIo = captureIo({ cwd: dir, env }),
  ) {
    const code = await runCli(['node', 'shakedown', ...args], io, {
      loadEngine: () => engine,
      version: '1.2.3',
    });
    return { code, stdout: io.stdout.text(), stderr: io.stderr.text(), io };
  }

  it('runs the engine with the parsed config, ${ENV} filled in, and the --probes subset', async () => {
    const engine = fakeEngine(() => reportOf([]));
    const { code } = await cli(
      ['run', '--config', 'shakedown.yml', '--probes', 'schema,tenant'],
      engine,
    );
    expect(code).toBe(0);
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]?.include).toEqual(['schema', 'tenant']);
    expect(engine.calls[0]?.config.target.tenants?.alice?.headers.Authorization).toBe(
      'Bearer secret-a',
    );
  });

  it('exits 1 for a finding at or above --fail-on (default high), 0 below it', async () => {
    const high = fakeEngine(() => reportOf([finding('high')]));
    expect((await cli(['run', '-c', configFile], high)).code).toBe(1);
    const medium = fakeEngine(() => reportOf([finding('medium')]));
    expect((await cli(['run', '-c', configFile], medium)).code).toBe(0);
    expect((await cli(['run', '-c', configFile, '--fail-on', 'medium'], medium)).code).toBe(1);
    expect((await cli(['run', '-c', configFile, '--fail-on', 'critical'], high)).code).toBe(0);
  });

  it('prints the text report by default, with the findings table and the verdict', async () => {
    const { stdout } = await cli(
      ['run', '-c', configFile],
      fakeEngine(() => reportOf([finding('high')])),
    );
    expect(stdout).toMatch(/^high +schema\.wrong_type_accepted +create-order +a high finding$/m);
    expect(stdout).toContain('FAIL: 1 finding at or above high');
    expect(stdout).not.toMatch(ANSI);
  });

  it('colours the text report on a terminal, unless NO_COLOR is set', async () => {
    const engine = fakeEngine(() => reportOf([finding('high')]));
    const tty = await cli(
      ['run', '-c', configFile],
      engine,
      captureIo({ cwd: dir, env, tty: true }),
    );
    expect(tty.stdout).toMatch(ANSI);
    const noColor = await cli(
      ['run', '-c', configFile],
      engine,
      captureIo({ cwd: dir, env: { ...env, NO_COLOR: '1' }, tty: true }),
    );
    expect(noColor.stdout).not.toMatch(ANSI);
  });

  it('writes --format json to stdout as the report itself', async () => {
    const report = reportOf([finding('critical')]);
    const { stdout, code } = await cli(
      ['run', '-c', configFile, '--format', 'json'],
      fakeEngine(() => report),
    );
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual(withFingerprints(report));
  });

  it('writes --out files (creating the folder), keeping stdout empty and a summary on stderr', async () => {
    const engine = fakeEngine(() => reportOf([finding('high', 'list-orders')]));
    const { stdout, stderr } = await cli(
      ['run', '-c', 'shakedown.yml', '--format', 'sarif', '--out', 'reports/shakedown.sarif'],
      engine,
    );
    expect(stdout).toBe('');
    expect(stderr).toContain('sarif report written to reports/shakedown.sarif');
    const sarif = JSON.parse(
      readFileSync(path.join(dir, 'reports', 'shakedown.sarif'), 'utf8'),
    ) as {
      runs: { results: { locations: { physicalLocation: unknown }[] }[] }[];
    };
    // list-orders starts on line 12 of CONFIG.
    expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'shakedown.yml' },
      region: { startLine: 12 },
    });
    await cli(['run', '-c', 'shakedown.yml', '-f', 'junit', '-o', 'out/junit.xml'], engine);
    expect(readFileSync(path.join(dir, 'out', 'junit.xml'), 'utf8')).toContain('<testsuites');
  });

  it('exits 2 naming each bad key and its line, without running anything', async () => {
    writeFileSync(
      configFile,
      CONFIG.replace('    method: POST', '    colour: red\n    method: POST'),
    );
    const engine = fakeEngine(() => reportOf([]));
    const { code, stderr } = await cli(['run', '-c', configFile], engine);
    expect(code).toBe(2);
    expect(stderr).toContain(`${configFile}: routes[0].colour: unknown key (line 9)`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(engine.calls).toHaveLength(0);
  });

  it('exits 2 when a ${ENV} placeholder has no value', async () => {
    const { code, stderr } = await cli(
      ['validate', '-c', configFile],
      fakeEngine(() => reportOf([])),
      captureIo({ cwd: dir, env: {} }),
    );
    expect(code).toBe(2);
    expect(stderr).toContain(
      'target.tenants.alice.headers.Authorization: environment variable ALICE_TOKEN is not set',
    );
  });

  it('validates a good config and says what it found', async () => {
    const { code, stdout } = await cli(
      ['validate', '--config', configFile],
      fakeEngine(() => reportOf([])),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('is valid: target orders-api (http://127.0.0.1:4010), 2 routes');
  });

  it('exits 3 when the engine cannot reach the target', async () => {
    const engine = fakeEngine(() => {
      const error = new Error('connect ECONNREFUSED 127.0.0.1:4010');
      error.name = 'TargetUnreachableError';
      throw error;
    });
    const { code, stderr, stdout } = await cli(['run', '-c', configFile], engine);
    expect(code).toBe(3);
    expect(stderr).toContain(
      'shakedown: cannot reach orders-api at http://127.0.0.1:4010: connect ECONNREFUSED',
    );
    expect(stdout).toBe('');
  });

  it('reports an unexpected engine error in one line, the stack only with SHAKEDOWN_DEBUG', async () => {
    const engine = fakeEngine(() => {
      throw new Error('boom');
    });
    const plain = await cli(['run', '-c', configFile], engine);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toContain('shakedown: unexpected error: boom');
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await cli(
      ['run', '-c', configFile],
      engine,
      captureIo({ cwd: dir, env: { ...env, SHAKEDOWN_DEBUG: '1' } }),
    );
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('cancels through the AbortSignal on Ctrl-C and still prints what finished', async () => {
    const io = captureIo({ cwd: dir, env });
    const engine = fakeEngine(
      (options) =>
        new Promise<Report>((resolve) => {
          options.onProgress?.({
            done: 1,
            total: 9,
            probe: 'idempotency',
            check: {
              code: 'idempotency.duplicate_on_retry',
              route: 'create-order',
              status: 'passed',
            },
          });
          options.signal?.addEventListener('abort', () => resolve(reportOf([finding('high')])));
          io.interrupt();
        }),
    );
    const { code, stdout, stderr } = await cli(['run', '-c', configFile], engine, io);
    expect(code).toBe(130);
    expect(stdout).toContain('a high finding');
    expect(stderr).toContain('Cancelling');
    expect(stderr).toContain('Cancelled: the report above holds only the checks that finished.');
  });

  it('shows progress on stderr: plain lines in logs, a bar on a terminal', async () => {
    const engine = fakeEngine((options) => {
      options.onProgress?.({ done: 0, total: 2, probe: 'schema' });
      options.onProgress?.({
        done: 1,
        total: 2,
        probe: 'schema',
        check: { code: 'schema.wrong_type_accepted', route: 'create-order', status: 'failed' },
      });
      options.onLog?.('warn', 'the budget is nearly spent');
      return reportOf([]);
    });
    const plain = await cli(['run', '-c', configFile, '-f', 'json'], engine);
    expect(plain.stderr).toContain('[0/2] schema\n');
    expect(plain.stderr).toContain('[1/2] schema.wrong_type_accepted [create-order] failed\n');
    expect(plain.stderr).toContain('warning: the budget is nearly spent\n');
    expect(plain.stderr).not.toContain('\r');
    const tty = await cli(
      ['run', '-c', configFile, '-f', 'json'],
      engine,
      captureIo({ cwd: dir, env, tty: true }),
    );
    expect(tty.stderr).toMatch(new RegExp(`\r${ESC}\\[2K\\[.*\\] 1/2 schema`));
  });

  it.each([
    [['frob'], "unknown command 'frob'"],
    [['run', '-c', 'shakedown.yml', '--colour'], "unknown option '--colour'"],
    [['run'], "required option '-c, --config <file>' not specified"],
    [
      ['run', '-c', 'shakedown.yml', '--format', 'xml'],
      'Allowed choices are text, json, junit, sarif',
    ],
    [['run', '-c', 'shakedown.yml', '--fail-on', 'severe'], 'Allowed choices are critical, high'],
    [['run', '-c', 'shakedown.yml', '--probes', 'schema,nope'], '"nope" is not a probe'],
    [['run', '-c', 'shakedown.yml', '--probes', 'schema,schema'], 'lists "schema" twice'],
    [['run', '-c', 'missing.yml'], 'cannot read config file missing.yml: no such file'],
    [['validate', '-c', 'shakedown.yml', 'extra'], 'too many arguments'],
    [['remote', 'run', '--api', 'ftp://x', '--token', 't', '--target', 'a'], 'http:// or https://'],
    [
      ['remote', 'run', '--api', 'http://127.0.0.1:1', '--target', 'a', '--timeout', 'soon'],
      'duration',
    ],
    [['remote', 'run', '--api', 'http://127.0.0.1:1', '--target', 'a'], 'needs an API key'],
    [[], 'Usage: shakedown'],
  ])('exits 2 for %j with a clear message', async (args, message) => {
    const engine = fakeEngine(() => reportOf([]));
    const { code, stderr } = await cli(args, engine);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(engine.calls).toHaveLength(0);
  });

  it.each([
    [['--help']],
    [['run', '--help']],
    [['validate', '--help']],
    [['remote', 'run', '--help']],
    [['remote', '--help']],
  ])('%j prints help and exits 0', async (args) => {
    const { code, stdout } = await cli(
      args,
      fakeEngine(() => reportOf([])),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: shakedown');
  });

  it('prints its version', async () => {
    const { code, stdout } = await cli(
      ['--version'],
      fakeEngine(() => reportOf([])),
    );
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('1.2.3');
  });

  it('lists every command with an example in --help', async () => {
    const { stdout } = await cli(
      ['--help'],
      fakeEngine(() => reportOf([])),
    );
    const listed = stdout.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
    const commands = [...listed.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]);
    expect(commands).toEqual(expect.arrayContaining(['run', 'validate', 'remote']));
    for (const command of commands.filter((name) => name !== 'help')) {
      expect(stdout).toMatch(new RegExp(`\\$ shakedown ${command} `));
    }
    for (const [, example] of COMMAND_EXAMPLES) expect(stdout).toContain(example);
  });

  describe('--baseline', () => {
    const baselineFile = () => path.join(dir, 'previous.json');
    const keep = (report: Report) => writeFileSync(baselineFile(), JSON.stringify(report));

    it('exits 0 when every finding is in the baseline, and says "0 new"', async () => {
      keep(reportOf([finding('high')]));
      const engine = fakeEngine(() => reportOf([finding('high')]));
      const { code, stdout } = await cli(
        ['run', '-c', configFile, '--baseline', baselineFile()],
        engine,
      );
      expect(code).toBe(0);
      expect(stdout).toContain(`Baseline (${baselineFile()}): 0 new, 1 still present, 0 fixed`);
      expect(stdout).toContain('PASS: no new finding at or above high');
    });

    it('exits 1 for a new finding only, and marks the JSON report', async () => {
      keep(reportOf([finding('high')]));
      const engine = fakeEngine(() => reportOf([finding('high'), finding('critical')]));
      const args = ['run', '-c', configFile, '--baseline', 'previous.json', '-f', 'json'];
      const { code, stdout, stderr } = await cli(args, engine);
      expect(code).toBe(1);
      const report = JSON.parse(stdout) as Report;
      expect(report.findings.map((item) => [item.severity, item.baselineState])).toEqual([
        ['high', 'unchanged'],
        ['critical', 'new'],
      ]);
      expect(report.findings.every((item) => /^[0-9a-f]{16}$/.test(item.fingerprint ?? ''))).toBe(
        true,
      );
      expect(report.baseline).toMatchObject({ new: 1, unchanged: 1, fixed: 0 });
      expect(stderr).toContain('Baseline (previous.json): 1 new, 1 still present, 0 fixed');
    });

    it.each([
      ['a missing file', null, /cannot read --baseline/],
      ['not JSON', 'nope', /is not JSON/],
      ['not a report', '{"version":1}', /is not a Shakedown JSON report \(target: /],
      [
        'another target',
        JSON.stringify({ ...reportOf([]), target: 'billing' }),
        /target "billing", not "orders-api"/,
      ],
    ])('exits 2 before running for %s', async (_, content, message) => {
      if (content !== null) writeFileSync(baselineFile(), content);
      const engine = fakeEngine(() => reportOf([]));
      const { code, stderr } = await cli(
        ['run', '-c', configFile, '--baseline', baselineFile()],
        engine,
      );
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(engine.calls).toHaveLength(0);
    });
  });
});
