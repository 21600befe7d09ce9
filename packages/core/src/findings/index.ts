// What other packages use of the catalogue.
export {
  CATALOGUE,
  FINDING_CODES,
  SEVERITIES,
  isAtLeast,
  isFindingCode,
  leadRank,
  LEADING_CODE,
  severityRank,
  type Severity,
} from './catalogue';
