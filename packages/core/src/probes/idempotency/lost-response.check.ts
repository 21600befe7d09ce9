import { setTimeout as sleep } from 'node:timers/promises';

import type { FindingCode } from '../../findings/catalogue';
import { HUNG_UP_MESSAGE } from '../../http/hang-up';
import type { HttpResult } from '../../http/http-types';
import { describeOutcome, statusSummary } from '../describe-result';
import { formatIds } from '../json-tools';
import type { CheckScope } from '../route-checks';
import type { IdempotencyRun } from './idempotency-run';
import { listIds, newItemsLikeSample } from './resource-list';

export const DUPLICATE_ON_LOST = 'idempotency.duplicate_on_lost_response' satisfies FindingCode;
/** Retries while the server answers 409 (the first request still in flight). */
const MAX_RETRIES = 5;
/** A client library's back-off before a retry; also lets the server finish the first request. */
const RETRY_GAP_MS = 250;

/**
 * The mobile-reconnect case: a create whose connection closes once the request is sent (the
 * answer is lost), then the same key and body again, as a client library retries. The list
 * before and after counts what was created: more than one is the finding.
 */
export async function checkLostResponse(run: IdempotencyRun, check: CheckScope): Promise<void> {
  const { context, route, header, actor } = run;
  const before = await listIds(context, route, actor, 'the list before the lost answer');
  if (!before.ids) check.skip(`the list before the request ${describeOutcome(before.result)}`);
  const key = context.newKey();
  const withKey = (note: string) =>
    context.buildRequest(route, actor, {
      ...(route.body !== undefined ? { body: route.body } : {}),
      headers: { [header]: key },
      note,
    });
  const lost = await context.http.sendAndHangUp(
    withKey(`request 1 with ${header}: ${key}; its connection closed before the answer`),
  );
  if (lost.failure?.message !== HUNG_UP_MESSAGE) {
    check.error(`the first request could not be sent: ${describeOutcome(lost)}`);
  }
  const retries: HttpResult[] = [];
  for (let attempt = 2; attempt <= MAX_RETRIES + 1; attempt += 1) {
    await sleep(RETRY_GAP_MS);
    const retry = await context.http.send(
      withKey(`retry ${attempt - 1} with the same ${header} after the lost answer`),
    );
    context.track(route, actor, retry);
    retries.push(retry);
    if (retry.answer?.status !== 409) break;
  }
  const last = retries.at(-1)!;
  check.requireAnswer(last, 'the retry');
  if (last.answer!.status === 409) {
    check.skip(
      `the retries answered ${statusSummary(retries)}: the first request never finished, so nothing could be counted`,
    );
  }
  // The first request may still be at work on a server that does not track it: give it time.
  await sleep(RETRY_GAP_MS);
  const after = await listIds(context, route, actor, 'the list after the retry');
  if (!after.ids) check.skip(`the list after the retry ${describeOutcome(after.result)}`);
  const added = newItemsLikeSample(before.ids, after.ids, route.body);
  for (const id of added) context.trackId(route, actor, id);
  if (added.length <= 1) check.pass();
  check.fail({
    title: `A retry after a lost answer created a second resource (${added.length} in all)`,
    detail: `${route.method} ${route.path} was sent with ${header}: ${key} and its connection was closed once the request was written, as a phone losing its network would; the retry with the same key and body answered ${last.answer!.status}. The list grew by ${added.length} (new ids ${formatIds(added)}): the key was not recorded before the work, so the retry did it again.`,
    evidence: {
      exchanges: [
        before.result.exchange,
        lost.exchange,
        ...retries.map((retry) => retry.exchange),
        after.result.exchange,
      ],
    },
  });
}
