export interface FindingKey {
  route: string;
  code: string;
}

/**
 * Marks the findings that the previous completed run of the target did not have (same route
 * and code) as new. Without a previous completed run there is nothing to regress from: no
 * finding is new and the regression count is null.
 */
export function markNewFindings<Finding extends FindingKey>(
  findings: readonly Finding[],
  previous: readonly FindingKey[] | null,
): { findings: (Finding & { isNew: boolean })[]; regressionCount: number | null } {
  if (previous === null) {
    return {
      findings: findings.map((finding) => ({ ...finding, isNew: false })),
      regressionCount: null,
    };
  }
  const known = new Set(previous.map(keyOf));
  const marked = findings.map((finding) => ({ ...finding, isNew: !known.has(keyOf(finding)) }));
  return { findings: marked, regressionCount: marked.filter((finding) => finding.isNew).length };
}

function keyOf(finding: FindingKey): string {
  return `${finding.route}\u0000${finding.code}`;
}
