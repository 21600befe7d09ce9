import {
  CATALOGUE,
  FINDING_CODES,
  type CatalogueEntry,
  type Severity,
} from '../findings/catalogue';
import { withFingerprints } from './baseline';
import { summariseEvidence } from './evidence-summary';
import type { Finding, Report } from './report.schema';

/** The parts of SARIF 2.1.0 this writer emits (the full object model is far larger). */
export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
  properties: Record<string, unknown>;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  kind: 'fail';
  message: SarifMessage;
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
    logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  baselineState?: 'new' | 'unchanged';
  properties: Record<string, unknown>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: {
      driver: {
        name: string;
        version?: string;
        informationUri?: string;
        rules: SarifRule[];
      };
    };
    automationDetails: { id: string };
    invocations: { executionSuccessful: boolean; startTimeUtc: string; endTimeUtc: string }[];
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
    properties: Record<string, unknown>;
  }[];
}

export interface SarifOptions {
  /**
   * The config file, as a URI reference relative to the repository root (see {@link toSarifUri}).
   * Code-scanning services need a file for every result; default `shakedown.yml`.
   */
  configUri?: string;
  /** The 1-based line of each route in the config, by route id; a result points there. */
  routeLines?: Readonly<Record<string, number>>;
  /** The tool's version, shown by SARIF viewers. */
  toolVersion?: string;
  /** An absolute URL with the tool's documentation. */
  informationUri?: string;
}

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVELS: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning ranks security results by this score (critical > 9, high 7–8.9, …). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.5',
};

/** `--format sarif`: one result per finding, rule ids = finding codes, rules from the catalogue. */
export function buildSarifLog(input: Report, options: SarifOptions = {}): SarifLog {
  const report = withFingerprints(input);
  const configUri = options.configUri ?? 'shakedown.yml';
  const rules = FINDING_CODES.map((code) => ruleOf(CATALOGUE[code]));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  for (const finding of report.findings) {
    if (!ruleIndex.has(finding.code)) {
      ruleIndex.set(finding.code, rules.length);
      rules.push(uncataloguedRule(finding));
    }
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Shakedown',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules,
          },
        },
        // GitHub takes the part before the last `/` as the analysis category: one per target.
        automationDetails: { id: `shakedown/${report.target}/` },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((finding) =>
          resultOf(finding, report.target, ruleIndex.get(finding.code) ?? -1, {
            configUri,
            startLine: options.routeLines?.[finding.route] ?? 1,
          }),
        ),
        properties: {
          target: report.target,
          summary: report.summary,
          ...(report.baseline ? { baseline: report.baseline } : {}),
        },
      },
    ],
  };
}

export function writeSarifReport(report: Report, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarifLog(report, options), null, 2)}\n`;
}

/**
 * A file path as a SARIF `uri`: forward slashes, each segment percent-encoded; an absolute
 * POSIX path becomes a `file://` URI. Relative paths are read from the repository root.
 */
export function toSarifUri(path: string): string {
  const normalised = path.replace(/\\/g, '/');
  const encoded = normalised
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  if (normalised.startsWith('/')) return `file://${encoded}`;
  if (/^[A-Za-z]:\//.test(normalised)) {
    return `file:///${normalised.slice(0, 2)}${encoded.slice(encoded.indexOf('/'))}`;
  }
  return encoded.replace(/^\.\//, '');
}

function ruleOf(entry: CatalogueEntry): SarifRule {
  const tags = entry.probe === 'load' ? ['load', 'performance'] : [entry.probe, 'security'];
  return {
    id: entry.code,
    name: entry.name,
    shortDescription: { text: entry.name },
    fullDescription: { text: `Sends: ${entry.sends} Fails when: ${entry.failsWhen}` },
    help: {
      text: `Why it matters: ${entry.why}\n\nHow to fix: ${entry.fix}`,
      markdown: `**Why it matters.** ${entry.why}\n\n**How to fix.** ${entry.fix}`,
    },
    defaultConfiguration: { level: LEVELS[entry.severity] },
    properties: {
      tags,
      precision: 'high',
      'problem.severity':
        LEVELS[entry.severity] === 'note' ? 'recommendation' : LEVELS[entry.severity],
      ...(entry.probe === 'load' ? {} : { 'security-severity': SECURITY_SEVERITY[entry.severity] }),
      severity: entry.severity,
      probe: entry.probe,
    },
  };
}

function uncataloguedRule(finding: Finding): SarifRule {
  return {
    id: finding.code,
    name: finding.code,
    shortDescription: { text: finding.code },
    fullDescription: { text: finding.title },
    help: { text: finding.detail || finding.title },
    defaultConfiguration: { level: LEVELS[finding.severity] },
    properties: { tags: [finding.probe], severity: finding.severity, probe: finding.probe },
  };
}

function resultOf(
  finding: Finding,
  target: string,
  ruleIndex: number,
  location: { configUri: string; startLine: number },
): SarifResult {
  const evidence = summariseEvidence(finding.evidence);
  return {
    ruleId: finding.code,
    ruleIndex,
    level: LEVELS[finding.severity],
    kind: 'fail',
    message: { text: finding.detail ? `${finding.title}\n\n${finding.detail}` : finding.title },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: location.configUri },
          region: { startLine: Math.max(1, Math.floor(location.startLine)) },
        },
        logicalLocations: [
          {
            name: finding.route,
            fullyQualifiedName: `${target}/${finding.route}`,
            kind: 'resource',
          },
        ],
      },
    ],
    // Stable across runs, so code scanning tracks one alert per target, route and code.
    partialFingerprints: {
      'shakedownFinding/v1': `${target}/${finding.route}/${finding.code}`,
      'shakedownFingerprint/v1': finding.fingerprint ?? '',
    },
    ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
    properties: {
      target,
      route: finding.route,
      probe: finding.probe,
      severity: finding.severity,
      evidence,
      exchanges: finding.evidence.exchanges.length,
    },
  };
}
