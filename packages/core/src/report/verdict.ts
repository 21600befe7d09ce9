import { z } from 'zod';

/**
 * A run's verdict, the one answer every surface shows (API, dashboard, webhooks, CLI): did the
 * run find something, prove the target clean, or decide too little to say? A run whose checks
 * were mostly skipped is never called clean.
 */

export const OUTCOMES = ['findings', 'clean', 'inconclusive'] as const;
export const OutcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof OutcomeSchema>;

/** Share of planned checks that must be decided (passed or failed) for a run to be clean. */
export const DEFAULT_CLEAN_COVERAGE = 0.7;

export const SkipReasonGroupSchema = z.object({
  /** The reason, with the route-specific parts taken out, e.g. `the target answered 401`. */
  reason: z.string(),
  /** Checks skipped or not completed for this reason. */
  count: z.number().int(),
  /** What the user can do about it, when it is known. */
  hint: z.string().optional(),
});
export type SkipReasonGroup = z.infer<typeof SkipReasonGroupSchema>;

export const VerdictSchema = z.object({
  outcome: OutcomeSchema,
  /** Checks that passed or failed. */
  decided: z.number().int(),
  /** Checks the run planned and that apply (the config's skips left out). */
  planned: z.number().int(),
  /** Checks skipped because the config gives them nothing to work on (not in `planned`). */
  notApplicable: z.number().int().optional(),
  /** `decided / planned`, 0 when nothing was planned. */
  coverage: z.number(),
  /** The coverage a run needs to be clean. */
  cleanAt: z.number(),
  /** The most common reasons of skipped and errored checks, largest first (at most 3). */
  reasons: z.array(SkipReasonGroupSchema),
});
export type Verdict = z.infer<typeof VerdictSchema>;

interface CheckLike {
  status: 'passed' | 'failed' | 'skipped' | 'error';
  reason?: string | undefined;
  notApplicable?: true | undefined;
}

const STATUS_HINTS: [RegExp, string][] = [
  [/^401$/, 'check the credentials'],
  [/^403$/, 'check the credentials and what they are allowed to do'],
  [/^404$/, "check the base URL and the routes' paths"],
  [/^429$/, 'the target rate-limited the run: lower the budget or allow the runner'],
  [/^5\d\d$/, 'the target failed: check its logs'],
];

/** The one status of a status summary such as `(401 ×8)`, when every answer had it. */
function onlyStatusOf(reason: string): string | undefined {
  const statuses = new Set([...reason.matchAll(/\b(\d{3}) ×\d+/g)].map((match) => match[1]));
  return statuses.size === 1 ? [...statuses][0] : undefined;
}

/** A reason without its route-specific parts, and what to do about it. */
export function groupReason(reason: string | undefined): { reason: string; hint?: string } {
  if (!reason) return { reason: 'no reason recorded' };
  const status = /answered (\d{3})\b/.exec(reason)?.[1] ?? onlyStatusOf(reason);
  if (status) {
    const hint = STATUS_HINTS.find(([pattern]) => pattern.test(status))?.[1];
    return { reason: `the target answered ${status}`, ...(hint ? { hint } : {}) };
  }
  if (/got no answer|no answer/.test(reason)) {
    return { reason: 'the target gave no answer', hint: 'check that it is up and reachable' };
  }
  return { reason: reason.length > 120 ? `${reason.slice(0, 117)}…` : reason };
}

/** The verdict of a run from its checks and findings count. */
export function decideVerdict(
  checks: readonly CheckLike[],
  findingCount: number,
  cleanAt = DEFAULT_CLEAN_COVERAGE,
): Verdict {
  const applicable = checks.filter((check) => !check.notApplicable);
  const decided = applicable.filter((c) => c.status === 'passed' || c.status === 'failed').length;
  const planned = applicable.length;
  const notApplicable = checks.length - planned;
  const coverage = planned === 0 ? 0 : decided / planned;
  const groups = new Map<string, SkipReasonGroup>();
  for (const check of applicable) {
    if (check.status !== 'skipped' && check.status !== 'error') continue;
    const { reason, hint } = groupReason(check.reason);
    const group = groups.get(reason) ?? { reason, count: 0, ...(hint ? { hint } : {}) };
    group.count += 1;
    groups.set(reason, group);
  }
  const reasons = [...groups.values()].sort((a, b) => b.count - a.count).slice(0, 3);
  const outcome: Outcome =
    findingCount > 0 ? 'findings' : planned > 0 && coverage >= cleanAt ? 'clean' : 'inconclusive';
  return { outcome, decided, planned, notApplicable, coverage, cleanAt, reasons };
}

interface SummaryCounts {
  checks: number;
  passed: number;
  failed: number;
  skipped: number;
  error: number;
  bySeverity: Record<string, number>;
  verdict?: Verdict | undefined;
}

/** The stored verdict, or one rebuilt from the counts of a summary kept before verdicts. */
export function verdictOfSummary(summary: SummaryCounts): Verdict {
  if (summary.verdict) return summary.verdict;
  const findings = Object.values(summary.bySeverity).reduce((sum, count) => sum + count, 0);
  const decided = summary.passed + summary.failed;
  const coverage = summary.checks === 0 ? 0 : decided / summary.checks;
  const outcome: Outcome =
    findings > 0
      ? 'findings'
      : summary.checks > 0 && coverage >= DEFAULT_CLEAN_COVERAGE
        ? 'clean'
        : 'inconclusive';
  return {
    outcome,
    decided,
    planned: summary.checks,
    coverage,
    cleanAt: DEFAULT_CLEAN_COVERAGE,
    reasons: [],
  };
}

/** `108 checks: the target answered 401 — check the credentials` */
export function describeReason(group: SkipReasonGroup): string {
  const checks = `${group.count} check${group.count === 1 ? '' : 's'}`;
  return `${checks}: ${group.reason}${group.hint ? ` — ${group.hint}` : ''}`;
}

/** `inconclusive (12% decided)` */
export function describeVerdict(verdict: Verdict): string {
  const percent = Math.round(verdict.coverage * 100);
  return `${verdict.outcome} (${percent}% of ${verdict.planned} checks decided)`;
}
