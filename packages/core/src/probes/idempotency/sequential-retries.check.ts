import type { FindingCode } from '../../findings/catalogue';
import type { HttpResult } from '../../http/http-types';
import { describeOutcome, isSuccess, statusClass, statusSummary } from '../describe-result';
import { formatIds, sameId, type ResourceId } from '../json-tools';
import type { CheckOutcome, CheckScope } from '../route-checks';
import type { IdempotencyRun } from './idempotency-run';
import { distinctIds, listIds, newItemsLikeSample, type ListedIds } from './resource-list';

export const DUPLICATE_ON_RETRY = 'idempotency.duplicate_on_retry' satisfies FindingCode;
export const REPLAY_MISMATCH = 'idempotency.replay_mismatch' satisfies FindingCode;
const RETRIES = 3;

/** What the retries of one key showed, for the two verdicts. */
interface Retries {
  results: HttpResult[];
  ids: (ResourceId | undefined)[];
  /** `POST /notes was sent 3 times in sequence with …`, the start of every detail. */
  what: string;
}

/**
 * One key, the same request three times in sequence: it must create one resource
 * (duplicate_on_retry) and every retry must replay the first answer (replay_mismatch).
 */
export async function checkSequentialRetries(
  run: IdempotencyRun,
  check: CheckScope,
): Promise<void> {
  const { context, route, header, actor } = run;
  const before = route.resource!.list
    ? await listIds(context, route, actor, 'the list before the retries')
    : undefined;
  const key = context.newKey();
  const results: HttpResult[] = [];
  for (let attempt = 1; attempt <= RETRIES; attempt += 1) {
    const result = await context.sendSample(route, actor, {
      headers: { [header]: key },
      note: `request ${attempt} of ${RETRIES} with ${header}: ${key}`,
    });
    context.track(route, actor, result);
    results.push(result);
  }
  const first = results[0]!;
  const firstAnswer = check.requireAnswer(first, 'the first request');
  if (!isSuccess(first)) {
    check.skip(
      `the first request answered ${firstAnswer.status}, so there was nothing to retry (check the route's sample body and headers)`,
    );
  }
  const retries = results.slice(1);
  if (retries.every((result) => !result.answer)) {
    check.error(`the retries got no answer (${retries[0]!.failure?.message ?? 'unknown'})`);
  }
  const ids = results.map((result) => context.idOf(route, result));
  const seen: Retries = {
    results,
    ids,
    what: `${route.method} ${route.path} was sent ${RETRIES} times in sequence with ${header}: ${key}, each after the previous answered`,
  };
  if (ids[0] === undefined) {
    run.idMode = false;
    check.settle(DUPLICATE_ON_RETRY, await countedByList(run, check, before, seen));
  } else {
    check.settle(DUPLICATE_ON_RETRY, countedByIds(run, seen));
  }
  check.settle(REPLAY_MISMATCH, replayVerdict(run, check, seen));
}

function countedByIds(run: IdempotencyRun, seen: Retries): CheckOutcome {
  const distinct = distinctIds(seen.ids);
  if (distinct.length <= 1) return { status: 'passed' };
  return {
    status: 'failed',
    title: `${RETRIES} requests with one ${run.header} created ${distinct.length} resources`,
    detail: `${seen.what}. The answers carry ids ${formatIds(distinct)}: each retry created another resource instead of replaying the first answer.`,
    evidence: { exchanges: seen.results.map((result) => result.exchange) },
  };
}

/** Without ids in the answers, the list before and after the retries counts what was created. */
async function countedByList(
  run: IdempotencyRun,
  check: CheckScope,
  before: ListedIds | undefined,
  seen: Retries,
): Promise<CheckOutcome> {
  const { context, route, actor } = run;
  if (!before?.ids) {
    check.skip(
      `the answer has no id at ${route.resource!.idPath} and the route has no readable resource.list to count with`,
    );
  }
  const after = await listIds(context, route, actor, 'the list after the retries');
  if (!after.ids) {
    return {
      status: 'skipped',
      reason: `the list after the retries ${describeOutcome(after.result)}`,
    };
  }
  const added = newItemsLikeSample(before.ids, after.ids, route.body);
  for (const id of added) context.trackId(route, actor, id);
  if (added.length <= 1) return { status: 'passed' };
  return {
    status: 'failed',
    title: `${RETRIES} requests with one ${run.header} created ${added.length} resources`,
    detail: `${seen.what}. The list grew by ${added.length} (new ids ${formatIds(added)}).`,
    evidence: {
      exchanges: [
        before.result.exchange,
        ...seen.results.map((result) => result.exchange),
        after.result.exchange,
      ],
    },
  };
}

/** Every completed retry must answer as the first request did: the same status class and id. */
function replayVerdict(run: IdempotencyRun, check: CheckScope, seen: Retries): CheckOutcome {
  const { context, route, header } = run;
  const first = seen.results[0]!;
  const retries = seen.results.slice(1);
  // 409 is the draft's answer for a request still in flight, not a completed retry.
  const completed = retries.filter((result) => result.answer && result.answer.status !== 409);
  if (completed.length === 0) {
    check.skip(
      `the retries answered ${statusSummary(retries)}, so no completed retry could be compared`,
    );
  }
  const firstStatus = first.answer!.status;
  const firstId = seen.ids[0];
  for (const retry of completed) {
    const status = retry.answer!.status;
    const retryId = context.idOf(route, retry);
    const classDiffers = statusClass(status) !== statusClass(firstStatus);
    const idDiffers = firstId !== undefined && retryId !== undefined && !sameId(firstId, retryId);
    if (!classDiffers && !idDiffers) continue;
    const attempt = seen.results.indexOf(retry) + 1;
    return {
      status: 'failed',
      title: classDiffers
        ? `A retry with the same ${header} answered ${status} instead of replaying ${firstStatus}`
        : `A retry with the same ${header} returned id ${String(retryId)} instead of ${String(firstId)}`,
      detail: `${seen.what}. The first answer was ${firstStatus}${firstId !== undefined ? ` with id ${String(firstId)}` : ''}; retry ${attempt} answered ${status}${retryId !== undefined ? ` with id ${String(retryId)}` : ''}. A retry must learn the outcome of the first request.`,
      evidence: { exchanges: [first.exchange, retry.exchange] },
    };
  }
  return { status: 'passed' };
}
