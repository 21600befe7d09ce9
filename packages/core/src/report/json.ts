import type { Report } from './report.schema';

/** `--format json`: the report of docs/spec/config.md, indented, with a final newline. */
export function writeJsonReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
