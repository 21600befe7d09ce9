import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createDemoApi } from '@shakedown/demo-api';
import { parseConfigText } from '@shakedown/core/config';
import { isAtLeast } from '@shakedown/core/findings';
import { ReportSchema } from '@shakedown/core/report';

import { REPOSITORY_ROOT, runCli } from './testing/built-cli';

// `pnpm shakedown run --config examples/demo.yml --format json` against the bundled demo API,
// on an ephemeral port instead of 4010 so a running `npm start` does not interfere. Which
// findings the demo must produce is the probe engine's test; this one checks the CLI's part.

describe('shakedown run on examples/demo.yml', () => {
  let server: Server;
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    server = createDemoApi();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    dir = mkdtempSync(path.join(tmpdir(), 'shakedown-demo-'));
    configFile = path.join(dir, 'demo.yml');
    const demo = readFileSync(path.join(REPOSITORY_ROOT, 'examples', 'demo.yml'), 'utf8');
    writeFileSync(
      configFile,
      demo.replace('baseUrl: http://127.0.0.1:4010', `baseUrl: http://127.0.0.1:${port}`),
    );
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the JSON report of the demo and exits by its findings', async () => {
    const { code, stdout, stderr } = await runCli(
      ['run', '--config', configFile, '--format', 'json'],
      REPOSITORY_ROOT,
    );
    expect(stderr).not.toContain('shakedown: ');
    const report = ReportSchema.parse(JSON.parse(stdout));
    const parsed = parseConfigText(readFileSync(configFile, 'utf8'));
    if (!parsed.ok) throw new Error('examples/demo.yml does not validate');
    expect(report.target).toBe(parsed.config.target.name);
    const routes = new Set(parsed.config.routes.map((route) => route.id));
    expect(report.checks.length).toBeGreaterThan(0);
    expect(report.checks.every((check) => routes.has(check.route))).toBe(true);
    expect(report.checks.filter((check) => check.status === 'error')).toEqual([]);
    // The demo has deliberate defects: findings, each with evidence and a failed check.
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding.evidence.exchanges.length).toBeGreaterThan(0);
      expect(report.checks).toContainEqual({
        code: finding.code,
        route: finding.route,
        status: 'failed',
      });
    }
    const gated = report.findings.some((finding) => isAtLeast(finding.severity, 'high'));
    expect(code).toBe(gated ? 1 : 0);
  }, 300_000);
});
