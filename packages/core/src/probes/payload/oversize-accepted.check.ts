import type { FindingCode } from '../../findings/catalogue';
import { describeOutcome, describeRequest, isSuccess } from '../describe-result';
import type { CheckOutcome } from '../route-checks';
import { formatSize, isCrash, type OversizedBodies } from './oversized-bodies';

export const OVERSIZE_ACCEPTED = 'payload.oversize_accepted' satisfies FindingCode;

/** Any body over maxBodyBytes answered 2xx fires; the largest accepted size goes to the estimator. */
export function judgeOversizeAccepted({ limit, sent, budgetNote }: OversizedBodies): CheckOutcome {
  const accepted = sent.filter(({ result }) => isSuccess(result));
  if (accepted.length === 0) {
    if (sent.every(({ result }) => !result.answer && !isCrash(result))) {
      return {
        status: 'error',
        reason: `the oversized request ${describeOutcome(sent[0]!.result)}`,
      };
    }
    return { status: 'passed' };
  }
  const largest = accepted[accepted.length - 1]!;
  return {
    status: 'failed',
    title: `A ${formatSize(largest.size)} body was accepted (maxBodyBytes is ${formatSize(limit)})`,
    detail: `${describeRequest(largest.result)} answered ${accepted.map(({ size, result }) => `${result.answer!.status} to ${formatSize(size)}`).join(', ')}, with "${largest.field}" padded${budgetNote}. Bodies over the limit must be refused with 413 before they are buffered.`,
    evidence: {
      exchanges: accepted.map(({ result }) => result.exchange),
      largestAcceptedBytes: largest.size,
      maxBodyBytes: limit,
    },
  };
}
