import type { Route } from '../../config/config.schema';
import type { HttpResult } from '../../http/http-types';
import { paddedBody } from '../body-mutations';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';

export const MB = 1024 ** 2;

/** `10 MB`, `32 KB`, `1.5 MB`: sizes as people write them. */
export function formatSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 ** 3, 'GB'],
    [MB, 'MB'],
    [1024, 'KB'],
  ];
  for (const [unit, name] of units) {
    if (bytes >= unit) return `${Number((bytes / unit).toFixed(2))} ${name}`;
  }
  return `${bytes} B`;
}

/** The sizes sent: 2×maxBodyBytes, 1 MB and 10 MB, those above the limit, smallest first. */
export function oversizeSteps(maxBodyBytes: number): number[] {
  const sizes = new Set([2 * maxBodyBytes, MB, 10 * MB].filter((size) => size > maxBodyBytes));
  return [...sizes].sort((a, b) => a - b);
}

/** A 5xx, or a connection reset or broken instead of an answer. */
export function isCrash(result: HttpResult): boolean {
  if (result.answer) return result.answer.status >= 500;
  return result.failure?.kind === 'reset' || result.failure?.kind === 'other';
}

/** The oversized requests sent, smallest first, and the sizes the byte budget left out. */
export interface OversizedBodies {
  limit: number;
  sent: { size: number; field: string; result: HttpResult }[];
  /** ` (10 MB not sent: the byte budget)`, or empty. */
  budgetNote: string;
}

/**
 * Sends the sample body padded to each {@link oversizeSteps} size the byte budget allows, and
 * stops once the target crashes or stops answering. When the budget allows none, `check` ends as
 * error.
 */
export async function sendOversizedBodies(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
): Promise<OversizedBodies> {
  const actor = context.primary;
  const limit = route.maxBodyBytes;
  const budget = context.http.budget;
  const sent: OversizedBodies['sent'] = [];
  const skippedForBudget: number[] = [];
  for (const size of oversizeSteps(limit)) {
    // Leave room for the answers and the checks still to come.
    if (size > budget.remainingBytes - MB) {
      skippedForBudget.push(size);
      continue;
    }
    const padded = paddedBody(route.body, size)!;
    const result = await context.send(route, actor, {
      rawBody: padded.text,
      note: `a ${formatSize(size)} body (maxBodyBytes ${formatSize(limit)}), "${padded.field}" padded`,
    });
    context.track(route, actor, result);
    await context.afterRisky(result);
    sent.push({ size, field: padded.field, result });
    // Once the target crashed, reset or stopped answering there is no need to push harder.
    if (isCrash(result) || !result.answer) break;
  }
  if (sent.length === 0) {
    check.error(
      `the run's byte budget leaves no room for a ${formatSize(skippedForBudget[0] ?? 2 * limit)} body`,
    );
  }
  const budgetNote =
    skippedForBudget.length > 0
      ? ` (${skippedForBudget.map(formatSize).join(', ')} not sent: the byte budget)`
      : '';
  return { limit, sent, budgetNote };
}
