// What other packages use of the report: its schema and its writers.
export {
  ReportSchema,
  SummarySchema,
  emptyBySeverity,
  summarise,
  type Check,
  type Evidence,
  type Exchange,
  type ExchangeRequest,
  type Finding,
  type LoadReport,
  type Report,
  type BaselineSummary,
  type FixedFinding,
  type Summary,
} from './report.schema';
export {
  applyBaseline,
  findingFingerprint,
  gatingFindings,
  renderBaselineLine,
  withFingerprints,
  type BaselineState,
} from './baseline';
export {
  DEFAULT_CLEAN_COVERAGE,
  OUTCOMES,
  VerdictSchema,
  decideVerdict,
  describeReason,
  describeVerdict,
  groupReason,
  verdictOfSummary,
  type Outcome,
  type SkipReasonGroup,
  type Verdict,
} from './verdict';
export {
  checkKey,
  compareWithHistory,
  type CheckKey,
  type EarlierDecision,
  type RunComparisonParts,
} from './comparison';
export { writeJsonReport } from './json';
export { probeOfCheck, writeJunitReport } from './junit';
export { toSarifUri, writeSarifReport } from './sarif';
export {
  renderProgressBar,
  renderProgressLine,
  renderSummaryLine,
  renderTextReport,
  type ProgressState,
} from './text';
