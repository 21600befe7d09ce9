import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { CATALOGUE, FINDING_CODES, isAtLeast } from './catalogue';

/** Codes filed under a probe they are not named after. */
const AWAY_FROM_PROBE: readonly string[] = ['auth.missing', 'availability.broken_by_request'];

const SPEC = path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'spec', 'findings.md');

/** `| \`code\` | severity | …` rows of the spec's tables. */
function codesInSpec(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const match of markdown.matchAll(
    /^\| `([a-z]+\.[a-z0-9_]+)` +\| +(critical|high|medium|low|info) +\|/gm,
  )) {
    rows.set(match[1]!, match[2]!);
  }
  return rows;
}

describe('the finding catalogue', () => {
  it('has exactly the codes and severities of docs/spec/findings.md', () => {
    expect(existsSync(SPEC)).toBe(true);
    const spec = codesInSpec(readFileSync(SPEC, 'utf8'));
    expect(spec.size).toBeGreaterThan(20);
    const ours = new Map(FINDING_CODES.map((code) => [code, CATALOGUE[code].severity as string]));
    expect(ours).toEqual(spec);
  });

  it('gives every code help text', () => {
    for (const code of FINDING_CODES) {
      const entry = CATALOGUE[code];
      expect(entry.code).toBe(code);
      expect(code.startsWith(`${entry.probe}.`) || AWAY_FROM_PROBE.includes(code)).toBe(true);
      for (const text of [entry.name, entry.sends, entry.failsWhen, entry.why, entry.fix]) {
        expect(text.trim().length).toBeGreaterThan(2);
      }
    }
  });

  it('orders severities for --fail-on', () => {
    expect(isAtLeast('critical', 'high')).toBe(true);
    expect(isAtLeast('high', 'high')).toBe(true);
    expect(isAtLeast('medium', 'high')).toBe(false);
    expect(isAtLeast('info', 'info')).toBe(true);
  });
});
