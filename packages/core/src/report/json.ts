import { withFingerprints } from './baseline';
import type { Report } from './report.schema';

/**
 * `--format json`: the report of docs/spec/config.md, indented, with a final newline; every
 * finding carries its `fingerprint`.
 */
export function writeJsonReport(report: Report): string {
  return `${JSON.stringify(withFingerprints(report), null, 2)}\n`;
}
