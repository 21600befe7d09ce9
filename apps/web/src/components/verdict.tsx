import {
  describeReason,
  verdictOfSummary,
  type Summary,
  type Verdict,
} from '@shakedown/core/report';

const OUTCOME_LABELS: Record<Verdict['outcome'], string> = {
  findings: 'findings',
  clean: 'clean',
  inconclusive: 'inconclusive',
};

/** `82% decided`: the share of planned checks that passed or failed. */
export function coverageText(verdict: Verdict): string {
  return `${Math.round(verdict.coverage * 100)}% decided`;
}

/**
 * A run's outcome as core decided it: findings, clean (enough was decided) or inconclusive
 * (too little was: never shown as an all-clear). The coverage is always shown beside it.
 */
export function VerdictBadge({ summary }: { summary: Summary }) {
  const verdict = verdictOfSummary(summary);
  return (
    <span className="verdict" data-outcome={verdict.outcome}>
      <span className={`badge badge--verdict-${verdict.outcome}`}>
        {OUTCOME_LABELS[verdict.outcome]}
      </span>{' '}
      <span className="muted">
        {coverageText(verdict)} ({verdict.decided}/{verdict.planned})
      </span>
    </span>
  );
}

/** Why an inconclusive run decided too little: the top skip reasons, grouped. */
export function VerdictReasons({ summary, limit = 3 }: { summary: Summary; limit?: number }) {
  const verdict = verdictOfSummary(summary);
  if (verdict.outcome !== 'inconclusive' || verdict.reasons.length === 0) return null;
  return (
    <ul className="verdict-reasons" aria-label="Why the run is inconclusive">
      {verdict.reasons.slice(0, limit).map((group) => (
        <li key={group.reason}>{describeReason(group)}</li>
      ))}
    </ul>
  );
}
