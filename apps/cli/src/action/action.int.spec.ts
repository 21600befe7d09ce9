import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { parse } from 'yaml';

import { ReportSchema } from '@shakedown/core/report';

import { CLI_DIR, ROOT, runProcess, withDemoApi, writeDemoConfig } from '../testing/packed-cli';

// The GitHub Action as the runner starts it: the bundle of action.yml's `runs.main`, built
// here (`build:action`), with `INPUT_*` variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
// against the demo API.

const BUNDLE = path.join(ROOT, 'action', 'dist', 'index.js');

describe('the GitHub Action', () => {
  let workspace: string;

  beforeAll(async () => {
    await promisify(execFile)('node', ['scripts/bundle.mjs', '--action'], { cwd: CLI_DIR });
    workspace = mkdtempSync(path.join(tmpdir(), 'shakedown-action-'));
  }, 120_000);
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  /** Runs the action with `inputs` as the runner passes them; its outputs and summary. */
  async function runAction(name: string, inputs: Record<string, string>) {
    const summary = path.join(workspace, `${name}-summary.md`);
    const output = path.join(workspace, `${name}-output.txt`);
    // The runner creates both files before the step starts.
    writeFileSync(summary, '');
    writeFileSync(output, '');
    const env: Record<string, string> = { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output };
    for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value;
    const finished = await runProcess('node', [BUNDLE], { cwd: workspace, env });
    const read = (file: string) => readFileSync(file, 'utf8');
    const outputs: Record<string, string> = {};
    for (const match of read(output).matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) {
      outputs[match[1]!] = match[3]!;
    }
    return { ...finished, outputs, summary: read(summary) };
  }

  it('points action.yml at the bundle and declares the inputs and outputs of the issue', () => {
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      runs: { using: string; main: string };
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    expect(action.runs).toEqual({ using: 'node20', main: 'action/dist/index.js' });
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining([
        'config',
        'probes',
        'format',
        'fail-on',
        'baseline',
        'api',
        'token',
        'target',
      ]),
    );
    expect(Object.keys(action.outputs)).toEqual(
      expect.arrayContaining(['report', 'findings', 'new-findings']),
    );
  });

  it('fails on the demo, leaves a SARIF file, sets the outputs and writes the job summary', async () => {
    const result = await withDemoApi({}, async (url) => {
      writeDemoConfig(workspace, url);
      return runAction('sarif', { config: 'shakedown.yml', format: 'sarif', 'fail-on': 'high' });
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::shakedown found findings at or above high');
    const sarifFile = path.join(workspace, 'shakedown.sarif');
    expect(result.outputs).toEqual({
      'exit-code': '1',
      report: sarifFile,
      findings: '5',
      'new-findings': '5',
    });
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results).toHaveLength(5);
    expect(result.summary).toContain('### Shakedown · demo-api');
    expect(result.summary).toContain('**FAIL**: 4 findings at or above high');
    expect(result.summary).toContain('| Severity | Code | Route | Title |');
    expect(result.summary).toContain(
      '| critical | `idempotency.duplicate_on_parallel_retry` | create-note |',
    );
    expect(result.summary.match(/^\| (critical|high|medium|low|info) \|/gm)).toHaveLength(5);
  }, 120_000);

  it('passes against its own JSON report as baseline, and says 0 new', async () => {
    const first = await withDemoApi({}, async (url) => {
      writeDemoConfig(workspace, url);
      return runAction('json', { format: 'json', out: 'reports/baseline.json' });
    });
    expect(first.code).toBe(1);
    ReportSchema.parse(
      JSON.parse(readFileSync(path.join(workspace, 'reports/baseline.json'), 'utf8')),
    );

    const second = await withDemoApi({}, async (url) => {
      writeDemoConfig(workspace, url);
      return runAction('baseline', { baseline: 'reports/baseline.json', format: 'junit' });
    });
    expect(second.stderr).not.toContain('shakedown: ');
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ findings: '5', 'new-findings': '0', 'exit-code': '0' });
    expect(second.summary).toContain('**PASS**: no new finding at or above high');
    expect(second.summary).toContain(
      'Baseline (reports/baseline.json): 0 new, 5 still present, 0 fixed',
    );
    expect(readFileSync(path.join(workspace, 'shakedown.xml'), 'utf8')).toContain(
      '(still present)',
    );
  }, 120_000);

  it('exits 2 naming a bad input, before running anything', async () => {
    const result = await runAction('bad', { format: 'xml' });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      '::error::input format is "xml"; choose from text, json, junit, sarif',
    );
    expect(result.summary).toBe('');
  });
});
