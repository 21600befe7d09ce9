import type { FindingCode } from '../../findings/catalogue';
import { describeOutcome, isSuccess, statusSummary } from '../describe-result';
import { formatIds } from '../json-tools';
import type { CheckScope } from '../route-checks';
import type { IdempotencyRun } from './idempotency-run';
import { distinctIds, listIds, newItemsLikeSample } from './resource-list';

export const DUPLICATE_ON_PARALLEL =
  'idempotency.duplicate_on_parallel_retry' satisfies FindingCode;
/** Requests released at once by the parallel check. */
const PARALLEL_REQUESTS = 8;

/**
 * One key on {@link PARALLEL_REQUESTS} requests released at once, each on its own connection:
 * the key must be claimed atomically, so at most one resource is created.
 */
export async function checkParallelRetries(run: IdempotencyRun, check: CheckScope): Promise<void> {
  const { context, route, header, actor } = run;
  const resource = route.resource!;
  const useList = !run.idMode;
  const before =
    useList && resource.list
      ? await listIds(context, route, actor, 'the list before the parallel requests')
      : undefined;
  if (useList && !before?.ids) {
    check.skip(
      `the answers have no id at ${resource.idPath} and the route has no readable resource.list to count with`,
    );
  }
  const key = context.newKey();
  const requests = Array.from({ length: PARALLEL_REQUESTS }, (_, index) =>
    context.buildRequest(route, actor, {
      ...(route.body !== undefined ? { body: route.body } : {}),
      headers: { [header]: key },
      note: `parallel request ${index + 1} of ${PARALLEL_REQUESTS} with ${header}: ${key}, all released at once`,
      on429: 'answer',
    }),
  );
  const results = await context.http.sendSimultaneously(requests);
  const ids = results.map((result) => context.track(route, actor, result));
  const summary = statusSummary(results);
  if (!results.some(isSuccess)) {
    if (results.every((result) => !result.answer)) {
      check.error(
        `none of the ${PARALLEL_REQUESTS} parallel requests got an answer (${results[0]!.failure?.message ?? 'unknown'})`,
      );
    }
    check.skip(`none of the ${PARALLEL_REQUESTS} parallel requests was accepted (${summary})`);
  }
  const what = `${PARALLEL_REQUESTS} requests with ${header}: ${key} and the same body were released at once, each on its own connection, all connected first. Answers: ${summary}.`;
  const title = (created: number) =>
    `${PARALLEL_REQUESTS} parallel requests with one ${header} created ${created} resources`;
  if (!useList) {
    const distinct = distinctIds(ids);
    if (distinct.length === 0) check.skip(`the accepted answers carry no id at ${resource.idPath}`);
    if (distinct.length === 1) check.pass();
    check.fail({
      title: title(distinct.length),
      detail: `${what} They created ids ${formatIds(distinct)}. The key must be claimed atomically; a 409 for duplicates still in flight is correct.`,
      evidence: { exchanges: results.map((result) => result.exchange) },
    });
  }
  const after = await listIds(context, route, actor, 'the list after the parallel requests');
  if (!after.ids) check.skip(`the list after the requests ${describeOutcome(after.result)}`);
  const added = newItemsLikeSample(before!.ids!, after.ids, route.body);
  for (const id of added) context.trackId(route, actor, id);
  if (added.length <= 1) check.pass();
  check.fail({
    title: title(added.length),
    detail: `${what} The list grew by ${added.length} (new ids ${formatIds(added)}).`,
    evidence: {
      exchanges: [
        before!.result.exchange,
        ...results.map((result) => result.exchange),
        after.result.exchange,
      ],
    },
  });
}
