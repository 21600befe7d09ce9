// What other packages use of the catalogue.
export {
  CATALOGUE,
  FINDING_CODES,
  SEVERITIES,
  isAtLeast,
  isFindingCode,
  severityRank,
  type Severity,
} from './catalogue';
