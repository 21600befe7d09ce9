import type { Route } from '../config/config.schema';
import type { FindingCode } from '../findings/catalogue';
import type { HttpResult } from '../http/http-types';
import { paddedBody } from './body-mutations';
import {
  describeOutcome,
  describeRequest,
  isSuccess,
  isolated,
  type Phase,
  type ProbeContext,
  type RouteChecks,
} from './probe-context';

const OVERSIZE_ACCEPTED = 'payload.oversize_accepted' satisfies FindingCode;
const OVERSIZE_5XX = 'payload.oversize_5xx';
const MB = 1024 ** 2;

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

function isCrash(result: HttpResult): boolean {
  if (result.answer) return result.answer.status >= 500;
  return result.failure?.kind === 'reset' || result.failure?.kind === 'other';
}

async function checkOversize(
  context: ProbeContext,
  route: Route,
  checks: RouteChecks,
): Promise<void> {
  const actor = context.primary;
  const limit = route.maxBodyBytes;
  const steps = oversizeSteps(limit);
  const budget = context.http.budget;
  const sent: { size: number; field: string; result: HttpResult }[] = [];
  const skippedForBudget: number[] = [];
  for (const size of steps) {
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
    sent.push({ size, field: padded.field, result });
    // Once the target crashed, reset or stopped answering there is no need to push harder.
    if (isCrash(result) || !result.answer) break;
  }
  if (sent.length === 0) {
    const reason = `the run's byte budget leaves no room for a ${formatSize(skippedForBudget[0] ?? 2 * limit)} body`;
    checks.settle(OVERSIZE_ACCEPTED, { status: 'error', reason });
    checks.settle(OVERSIZE_5XX, { status: 'error', reason });
    return;
  }
  const budgetNote =
    skippedForBudget.length > 0
      ? ` (${skippedForBudget.map(formatSize).join(', ')} not sent: the byte budget)`
      : '';

  const accepted = sent.filter(({ result }) => isSuccess(result));
  if (accepted.length > 0) {
    const largest = accepted[accepted.length - 1]!;
    checks.settle(OVERSIZE_ACCEPTED, {
      status: 'failed',
      title: `A ${formatSize(largest.size)} body was accepted (maxBodyBytes is ${formatSize(limit)})`,
      detail: `${describeRequest(largest.result)} answered ${accepted.map(({ size, result }) => `${result.answer!.status} to ${formatSize(size)}`).join(', ')}, with "${largest.field}" padded${budgetNote}. Bodies over the limit must be refused with 413 before they are buffered.`,
      evidence: {
        exchanges: accepted.map(({ result }) => result.exchange),
        largestAcceptedBytes: largest.size,
        maxBodyBytes: limit,
      },
    });
  } else if (sent.every(({ result }) => !result.answer && !isCrash(result))) {
    checks.settle(OVERSIZE_ACCEPTED, {
      status: 'error',
      reason: `the oversized request ${describeOutcome(sent[0]!.result)}`,
    });
  } else {
    checks.settle(OVERSIZE_ACCEPTED, { status: 'passed' });
  }

  const crashed = sent.filter(({ result }) => isCrash(result));
  if (crashed.length > 0) {
    const first = crashed[0]!;
    const how = first.result.answer
      ? `answered ${first.result.answer.status}`
      : `reset the connection without an answer (${first.result.failure!.message})`;
    checks.settle(OVERSIZE_5XX, {
      status: 'failed',
      title: first.result.answer
        ? `A ${formatSize(first.size)} body got ${first.result.answer.status} instead of 413`
        : `A ${formatSize(first.size)} body reset the connection instead of getting 413`,
      detail: `${describeRequest(first.result)} ${how} to a ${formatSize(first.size)} body (maxBodyBytes ${formatSize(limit)}). An oversized body must get 413 (or another 4xx), not a crash or a reset.`,
      evidence: { exchanges: crashed.map(({ result }) => result.exchange) },
    });
  } else {
    const unanswered = sent.find(({ result }) => !result.answer);
    if (unanswered) {
      checks.settle(OVERSIZE_5XX, {
        status: 'error',
        reason: `the ${formatSize(unanswered.size)} request ${describeOutcome(unanswered.result)}`,
      });
    } else {
      checks.settle(OVERSIZE_5XX, { status: 'passed' });
    }
  }
}

/** payload: bodies above the route's maxBodyBytes (docs/spec/findings.md). */
export const payloadPhase: Phase = {
  probe: 'payload',
  codes: [OVERSIZE_ACCEPTED, OVERSIZE_5XX] satisfies FindingCode[],
  sends: true,
  skipReason(context, route) {
    if (route.body === undefined) return 'the route has no sample body';
    if (!paddedBody(route.body, Buffer.byteLength(JSON.stringify(route.body)) + 16)) {
      return 'the sample body is neither a JSON object nor a string, so it cannot be padded';
    }
    const smallest = oversizeSteps(route.maxBodyBytes)[0]!;
    if (smallest > context.config.target.budget.maxBytes - MB) {
      return `the run's byte budget (maxBytes ${formatSize(context.config.target.budget.maxBytes)}) cannot fit a ${formatSize(smallest)} body`;
    }
    return undefined;
  },
  async run(context, route, checks) {
    await isolated(checks, [OVERSIZE_ACCEPTED, OVERSIZE_5XX], () =>
      checkOversize(context, route, checks),
    );
  },
};
