import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEFAULT_DEFECTS, createDemoApi, type DemoApiOptions } from '@shakedown/demo-api';
import { parseConfigText } from '@shakedown/core/config';
import { ReportSchema, type Report } from '@shakedown/core/report';

import { REPOSITORY_ROOT, runCli } from './testing/built-cli';

// `shakedown init --openapi <the demo's /openapi.json>`, then `shakedown run` on the draft with
// the two tokens supplied through ${ENV}: the same defects as the hand-written
// examples/demo.yml, on the same routes; and no finding on the demo without defects.

const TOKENS = { TENANT_A_BEARER: 'demo-token-alice', TENANT_B_BEARER: 'demo-token-bob' };

async function withDemo<T>(options: DemoApiOptions, use: (url: string) => Promise<T>): Promise<T> {
  const server: Server = createDemoApi(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** `code METHOD /path` of each finding: route ids differ between the two configs. */
function findingsOf(report: Report, configFile: string, env: Record<string, string>): string[] {
  const parsed = parseConfigText(readFileSync(configFile, 'utf8'), { env });
  if (!parsed.ok) throw new Error(`${configFile} does not validate`);
  const routes = new Map(parsed.config.routes.map((route) => [route.id, route]));
  return report.findings
    .map((finding) => {
      const route = routes.get(finding.route)!;
      return `${finding.code} ${route.method} ${route.path}`;
    })
    .sort();
}

async function runConfig(file: string, dir: string, env: Record<string, string>) {
  const outcome = await runCli(['run', '--config', file, '--format', 'json'], dir, env);
  const report = ReportSchema.parse(JSON.parse(outcome.stdout));
  expect(report.checks.filter((check) => check.status === 'error')).toEqual([]);
  return { code: outcome.code, report, findings: findingsOf(report, path.join(dir, file), env) };
}

async function importDemo(url: string, dir: string, file: string): Promise<void> {
  const init = await runCli(
    ['init', '--openapi', `${url}/openapi.json`, '--base-url', url, '--out', file],
    dir,
  );
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  expect(init.stdout).toContain('Set TENANT_A_BEARER, TENANT_B_BEARER before running it.');
}

/** A fresh folder for each test, removed after it. */
function useTempDir(): { readonly path: string } {
  let current = '';
  beforeEach(() => {
    current = mkdtempSync(path.join(tmpdir(), 'shakedown-init-'));
  });
  afterEach(() => rmSync(current, { recursive: true, force: true }));
  return {
    get path() {
      return current;
    },
  };
}

describe('shakedown init on the demo API', () => {
  const temp = useTempDir();

  it('drafts a config whose run reports exactly what examples/demo.yml reports', async () => {
    const imported = await withDemo({}, async (url) => {
      await importDemo(url, temp.path, 'draft.yml');
      return runConfig('draft.yml', temp.path, TOKENS);
    });
    const handWritten = await withDemo({}, async (url) => {
      const demo = readFileSync(path.join(REPOSITORY_ROOT, 'examples', 'demo.yml'), 'utf8');
      writeFileSync(path.join(temp.path, 'demo.yml'), demo.replace('http://127.0.0.1:4010', url));
      return runConfig('demo.yml', temp.path, {});
    });
    console.log(`imported: ${imported.findings.join(', ')}`);
    expect(imported.findings).toEqual(handWritten.findings);
    expect(new Set(imported.report.findings.map((finding) => finding.code))).toEqual(
      new Set(DEFAULT_DEFECTS),
    );
    expect(imported.code).toBe(handWritten.code);
  }, 300_000);

  it('drafts a config that reports nothing on the demo without its defects', async () => {
    const report = await withDemo({ withoutDefects: [...DEFAULT_DEFECTS] }, async (url) => {
      await importDemo(url, temp.path, 'shakedown.yml');
      return runConfig('shakedown.yml', temp.path, TOKENS);
    });
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
  }, 300_000);
});

describe('shakedown init: bad input is exit 2 and writes nothing', () => {
  const temp = useTempDir();

  it('names a missing file', async () => {
    const outcome = await runCli(['init', '--openapi', 'nope.yaml'], temp.path);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('cannot read the OpenAPI document nope.yaml: no such file');
    expect(existsSync(path.join(temp.path, 'shakedown.yml'))).toBe(false);
  });

  it('names what is wrong with a document that is not OpenAPI', async () => {
    writeFileSync(path.join(temp.path, 'doc.json'), JSON.stringify({ swagger: '1.2', apis: [] }));
    const outcome = await runCli(['init', '--openapi', 'doc.json'], temp.path);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^shakedown: cannot draft a config \(invalid_openapi\):/);
    expect(existsSync(path.join(temp.path, 'shakedown.yml'))).toBe(false);
  });

  it('refuses to replace a file unless --force, and writes to stdout with --out -', async () => {
    await withDemo({}, async (url) => {
      writeFileSync(path.join(temp.path, 'shakedown.yml'), 'mine\n');
      const refused = await runCli(['init', '--openapi', `${url}/openapi.json`], temp.path);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('shakedown.yml already exists; pass --force');
      expect(readFileSync(path.join(temp.path, 'shakedown.yml'), 'utf8')).toBe('mine\n');
      const printed = await runCli(
        ['init', '--openapi', `${url}/openapi.json`, '-o', '-'],
        temp.path,
      );
      expect(printed.code).toBe(0);
      expect(printed.stdout).toMatch(/^# Shakedown draft of "demo-api"/);
      const missing = await runCli(
        ['init', '--openapi', `${url}/nothing.json`, '-o', '-'],
        temp.path,
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('the server answered 404');
    });
  }, 60_000);

  it("resolves a relative servers entry against the document's URL", async () => {
    const server = createServer((_, response) =>
      response.end(
        'openapi: 3.0.3\ninfo: { title: relative, version: "1" }\nservers: [{ url: /api/ }]\npaths: { /health: { get: { responses: { "200": { description: ok } } } } }\n',
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const printed = await runCli(
        ['init', '--openapi', `${origin}/docs/openapi.yaml`, '-o', '-'],
        temp.path,
      );
      expect({ code: printed.code, stderr: printed.stderr }).toEqual({ code: 0, stderr: '' });
      expect(printed.stdout).toContain(`baseUrl: ${origin}/api\n`);
    } finally {
      server.close();
    }
  }, 60_000);
});
