import type { FindingCode } from '../../findings/catalogue';
import { withChangedValue } from '../body-mutations';
import { isSuccess } from '../describe-result';
import { sameId } from '../json-tools';
import type { CheckScope } from '../route-checks';
import type { IdempotencyRun } from './idempotency-run';

export const KEY_REUSE = 'idempotency.key_reuse_accepted' satisfies FindingCode;

/** One key with body A, then with a changed body B: B must be refused or replayed, never written. */
export async function checkKeyReuse(run: IdempotencyRun, check: CheckScope): Promise<void> {
  const { context, route, header, actor } = run;
  const key = context.newKey();
  const first = await context.sendSample(route, actor, {
    headers: { [header]: key },
    note: `body A with ${header}: ${key}`,
  });
  const firstId = context.track(route, actor, first);
  const firstAnswer = check.requireAnswer(first, 'the first request');
  if (!isSuccess(first)) {
    check.skip(`the first request answered ${firstAnswer.status}, so there was no key to reuse`);
  }
  const second = await context.send(route, actor, {
    body: withChangedValue(route.body),
    headers: { [header]: key },
    note: `the same ${header} with a changed body B`,
  });
  const secondId = context.track(route, actor, second);
  const secondAnswer = check.requireAnswer(second, 'the request with body B');
  if (!isSuccess(second)) check.pass();
  if (firstId === undefined || secondId === undefined) {
    check.skip(
      `the answers carry no id at ${route.resource!.idPath}, so a new write cannot be told from a replay`,
    );
  }
  if (sameId(firstId, secondId)) check.pass();
  check.fail({
    title: `A reused ${header} with a different body created a second resource`,
    detail: `The first request with ${header}: ${key} created ${String(firstId)}. The same key with a changed body answered ${secondAnswer.status} and created ${String(secondId)}. A key reused with another payload should be refused (the IETF draft answers 422).`,
    evidence: { exchanges: [first.exchange, second.exchange] },
  });
}
