/**
 * Comparing a run with the target's history, like with like (issue 14): a finding is resolved
 * only when this run executed the same check on the same route and it passed, and new (a
 * regression) only when the latest earlier run that decided that check saw it pass. A check
 * this run did not decide is "not re-tested", never resolved.
 */

export interface CheckKey {
  route: string;
  code: string;
}

/** The latest earlier decision (passed or failed) of one check, with its finding when failed. */
export interface EarlierDecision<Brief> extends CheckKey {
  status: 'passed' | 'failed';
  /** The finding of the run that decided it, when it failed. */
  finding: Brief | null;
}

export interface RunComparisonParts<Finding, Brief> {
  /** Failed now, passed at its latest earlier decision: a regression. */
  new: Finding[];
  /** Failed now and at its latest earlier decision. */
  persisting: Finding[];
  /** Failed now, never decided before (a first run, a new route or probe). */
  firstSeen: Finding[];
  /** Failed at its latest earlier decision, passed now. */
  resolved: Brief[];
  /** Failed at its latest earlier decision, not decided now (not run, skipped or error). */
  notRetested: Brief[];
}

export function checkKey(key: CheckKey): string {
  return `${key.route}\u0000${key.code}`;
}

export function compareWithHistory<Finding extends CheckKey, Brief>(
  current: {
    checks: readonly (CheckKey & { status: string })[];
    findings: readonly Finding[];
  },
  earlier: readonly EarlierDecision<Brief>[],
): RunComparisonParts<Finding, Brief> {
  const before = new Map(earlier.map((decision) => [checkKey(decision), decision]));
  const now = new Map(current.checks.map((check) => [checkKey(check), check.status]));
  const parts: RunComparisonParts<Finding, Brief> = {
    new: [],
    persisting: [],
    firstSeen: [],
    resolved: [],
    notRetested: [],
  };
  for (const finding of current.findings) {
    const status = before.get(checkKey(finding))?.status;
    if (status === 'passed') parts.new.push(finding);
    else if (status === 'failed') parts.persisting.push(finding);
    else parts.firstSeen.push(finding);
  }
  for (const decision of earlier) {
    if (decision.status !== 'failed' || decision.finding === null) continue;
    const status = now.get(checkKey(decision));
    if (status === 'passed') parts.resolved.push(decision.finding);
    else if (status !== 'failed') parts.notRetested.push(decision.finding);
  }
  return parts;
}
