import { readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

import { buildReport } from '../../test/factories/report.factory';
import { CATALOGUE, FINDING_CODES } from '../findings/catalogue';
import { applyBaseline, findingFingerprint } from './baseline';
import { buildSarifLog, toSarifUri, writeSarifReport } from './sarif';

// The SARIF 2.1.0 schema (draft-04); see test/fixtures/README.md for where it comes from.
const schema = JSON.parse(
  readFileSync(path.join(__dirname, '../../test/fixtures/sarif-schema-2.1.0.json'), 'utf8'),
) as Record<string, unknown>;

function validator() {
  // unicodeRegExp off: this copy's `language` pattern has a stray `]` that only the `u` flag
  // rejects (the OASIS errata fixed the pattern; it constrains nothing this writer emits).
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('the SARIF writer', () => {
  const report = buildReport();
  const validate = validator();
  const text = writeSarifReport(report, {
    configUri: toSarifUri('config/shakedown.yml'),
    routeLines: { 'create-order': 12, 'list-orders': 30 },
    toolVersion: '0.1.0',
  });
  const log = JSON.parse(text) as ReturnType<typeof buildSarifLog>;
  const run = log.runs[0]!;

  it('validates against the SARIF 2.1.0 schema', () => {
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('validates with baseline states too', () => {
    const compared = applyBaseline(report, buildReport({ findings: [report.findings[0]!] }), 'b');
    const ok = validate(buildSarifLog(compared));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is checked by a validator that rejects broken logs', () => {
    const broken = JSON.parse(text) as { runs: { results: Record<string, unknown>[] }[] };
    delete broken.runs[0]!.results[0]!.message;
    expect(validate(broken)).toBe(false);
    const badLevel = JSON.parse(text) as { runs: { results: Record<string, unknown>[] }[] };
    badLevel.runs[0]!.results[0]!.level = 'critical';
    expect(validate(badLevel)).toBe(false);
  });

  it('has one result per finding, with the code as rule id', () => {
    expect(run.results).toHaveLength(report.findings.length);
    expect(run.results.map((result) => result.ruleId)).toEqual(
      report.findings.map((finding) => finding.code),
    );
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    }
  });

  it('describes every catalogue code as a rule, with help text and a level from its severity', () => {
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(FINDING_CODES);
    const levels = {
      critical: 'error',
      high: 'error',
      medium: 'warning',
      low: 'note',
      info: 'note',
    };
    for (const rule of run.tool.driver.rules) {
      const entry = CATALOGUE[rule.id as keyof typeof CATALOGUE];
      expect(rule.name).toBe(entry.name);
      expect(rule.help.text).toContain(entry.why);
      expect(rule.help.text).toContain(entry.fix);
      expect(rule.defaultConfiguration.level).toBe(levels[entry.severity]);
    }
    expect(run.tool.driver.version).toBe('0.1.0');
  });

  it('points each result at its route in the config file and carries the evidence', () => {
    const [parallel, unknownField, stackTrace] = run.results;
    expect(parallel?.level).toBe('error');
    expect(stackTrace?.level).toBe('warning');
    expect(parallel?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'config/shakedown.yml' },
      region: { startLine: 12 },
    });
    expect(stackTrace?.locations[0]?.physicalLocation.region.startLine).toBe(30);
    expect(parallel?.locations[0]?.logicalLocations[0]?.name).toBe('create-order');
    expect(unknownField?.message.text).toContain('Unknown field "isAdmin"');
    expect(unknownField?.properties.evidence).toEqual([
      'POST http://127.0.0.1:4010/orders?x=1&y=2 → 201 (3.2 ms)',
      'GET http://127.0.0.1:4010/orders/44 → connection reset before any answer',
    ]);
    expect(parallel?.partialFingerprints).toEqual({
      'shakedownFinding/v1': 'orders-api/create-order/idempotency.duplicate_on_parallel_retry',
      'shakedownFingerprint/v1': findingFingerprint('orders-api', report.findings[0]!),
    });
  });

  it('gives every region a start line (the OASIS errata requires one of the offsets)', () => {
    for (const result of run.results) {
      for (const location of result.locations) {
        expect(location.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('still validates with no findings, no route lines and the default config path', () => {
    const clean = buildSarifLog(buildReport({ findings: [] }));
    expect(validate(clean)).toBe(true);
    expect(clean.runs[0]?.results).toEqual([]);
    const located = buildSarifLog(report);
    expect(located.runs[0]?.results[0]?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'shakedown.yml' },
      region: { startLine: 1 },
    });
    expect(validate(located)).toBe(true);
  });

  it('adds a rule for a code the catalogue does not know, so the log stays consistent', () => {
    const odd = buildReport({
      findings: [
        {
          code: 'custom.thing',
          probe: 'errors',
          route: 'r',
          severity: 'low',
          title: 't',
          detail: 'd',
          evidence: { exchanges: [] },
        },
      ],
    });
    const oddLog = buildSarifLog(odd);
    expect(validate(oddLog)).toBe(true);
    const result = oddLog.runs[0]!.results[0]!;
    expect(oddLog.runs[0]!.tool.driver.rules[result.ruleIndex]?.id).toBe('custom.thing');
  });
});

describe('toSarifUri', () => {
  it.each([
    ['shakedown.yml', 'shakedown.yml'],
    ['./ci/shake down.yml', 'ci/shake%20down.yml'],
    ['ci\\shakedown.yml', 'ci/shakedown.yml'],
    ['/home/me/api/shakedown.yml', 'file:///home/me/api/shakedown.yml'],
    ['C:\\work\\shakedown.yml', 'file:///C:/work/shakedown.yml'],
  ])('%s → %s', (input, uri) => {
    expect(toSarifUri(input)).toBe(uri);
  });
});
