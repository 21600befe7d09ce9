import { compareWithHistory, type CheckKey, type EarlierDecision } from '@shakedown/core/report';

/**
 * Marks as new (a regression) the findings whose check passed at its latest earlier decision
 * on this target, like with like: a check an earlier partial run did not execute is no
 * baseline. Without a previous completed run there is nothing to regress from: no finding is
 * new and the regression count is null.
 */
export function markNewFindings<Finding extends CheckKey>(
  checks: readonly (CheckKey & { status: string })[],
  findings: readonly Finding[],
  earlier: readonly EarlierDecision<unknown>[] | null,
): { findings: (Finding & { isNew: boolean })[]; regressionCount: number | null } {
  if (earlier === null) {
    return {
      findings: findings.map((finding) => ({ ...finding, isNew: false })),
      regressionCount: null,
    };
  }
  const regressions = new Set(compareWithHistory({ checks, findings }, earlier).new);
  const marked = findings.map((finding) => ({ ...finding, isNew: regressions.has(finding) }));
  return { findings: marked, regressionCount: regressions.size };
}
