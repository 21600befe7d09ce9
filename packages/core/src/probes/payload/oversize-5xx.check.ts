import type { FindingCode } from '../../findings/catalogue';
import { describeOutcome, describeRequest } from '../describe-result';
import type { CheckOutcome } from '../route-checks';
import { formatSize, isCrash, type OversizedBodies } from './oversized-bodies';

export const OVERSIZE_5XX = 'payload.oversize_5xx' satisfies FindingCode;

/** A body over maxBodyBytes must get a 4xx: a 5xx or a reset fires. */
export function judgeOversize5xx({ limit, sent }: OversizedBodies): CheckOutcome {
  const crashed = sent.filter(({ result }) => isCrash(result));
  if (crashed.length === 0) {
    const unanswered = sent.find(({ result }) => !result.answer);
    if (!unanswered) return { status: 'passed' };
    return {
      status: 'error',
      reason: `the ${formatSize(unanswered.size)} request ${describeOutcome(unanswered.result)}`,
    };
  }
  const first = crashed[0]!;
  const answer = first.result.answer;
  const how = answer
    ? `answered ${answer.status}`
    : `reset the connection without an answer (${first.result.failure!.message})`;
  return {
    status: 'failed',
    title: answer
      ? `A ${formatSize(first.size)} body got ${answer.status} instead of 413`
      : `A ${formatSize(first.size)} body reset the connection instead of getting 413`,
    detail: `${describeRequest(first.result)} ${how} to a ${formatSize(first.size)} body (maxBodyBytes ${formatSize(limit)}). An oversized body must get 413 (or another 4xx), not a crash or a reset.`,
    evidence: { exchanges: crashed.map(({ result }) => result.exchange) },
  };
}
