import { buildReport } from '../../test/factories/report.factory';
import { withFingerprints } from './baseline';
import { writeJsonReport } from './json';
import { ReportSchema } from './report.schema';

describe('the JSON writer', () => {
  it('writes the report of the spec, which parses back to the same report', () => {
    const report = buildReport();
    const text = writeJsonReport(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(ReportSchema.parse(JSON.parse(text))).toEqual(withFingerprints(report));
    expect(text).toContain('"fingerprint"');
  });
});
