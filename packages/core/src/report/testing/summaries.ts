import { emptyBySeverity, type Summary } from '../report.schema';

/**
 * A summary as stored before runs had verdicts (no `verdict` field): 2 of its 10 checks decided,
 * 8 skipped, so its rebuilt verdict is inconclusive.
 */
export function summaryBeforeVerdicts(): Summary {
  return { checks: 10, passed: 2, failed: 0, skipped: 8, error: 0, bySeverity: emptyBySeverity() };
}
