import type { FindingCode } from '../../findings/catalogue';
import { isSuccess } from '../describe-result';
import { sameId } from '../json-tools';
import type { CheckScope } from '../route-checks';
import type { IdempotencyRun } from './idempotency-run';

export const CROSS_TENANT = 'idempotency.cross_tenant_replay' satisfies FindingCode;

/** Tenant B sends tenant A's key and body: it must never get A's stored result. */
export async function checkCrossTenantReplay(
  run: IdempotencyRun,
  check: CheckScope,
): Promise<void> {
  const { context, route, header, actor } = run;
  const other = context.secondary!;
  const key = context.newKey();
  const first = await context.sendSample(route, actor, {
    headers: { [header]: key },
    note: `tenant ${actor.name} creates with ${header}: ${key}`,
  });
  const firstId = context.track(route, actor, first);
  const firstAnswer = check.requireAnswer(first, `tenant ${actor.name}'s request`);
  if (!isSuccess(first)) {
    check.skip(
      `tenant ${actor.name}'s request answered ${firstAnswer.status}, so there was nothing to replay`,
    );
  }
  if (firstId === undefined) {
    check.skip(
      `the answer has no id at ${route.resource!.idPath}, so a replay cannot be recognised`,
    );
  }
  const second = await context.sendSample(route, other, {
    headers: { [header]: key },
    note: `tenant ${other.name} sends tenant ${actor.name}'s ${header} and body`,
  });
  const secondId = context.track(route, other, second);
  const secondAnswer = check.requireAnswer(second, `tenant ${other.name}'s request`);
  if (!isSuccess(second) || !sameId(firstId, secondId)) check.pass();
  check.fail({
    title: `Tenant ${other.name} got tenant ${actor.name}'s result by reusing its ${header}`,
    detail: `Tenant ${actor.name} created ${String(firstId)} with ${header}: ${key}. Tenant ${other.name} sent the same key and body and got ${secondAnswer.status} with ${actor.name}'s id ${String(firstId)}: stored keys are not scoped to the caller.`,
    evidence: { exchanges: [first.exchange, second.exchange] },
  });
}
