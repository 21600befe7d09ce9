import type { FindingCode } from '../../findings/catalogue';
import { describeOutcome, describeRequest, isSuccess } from '../describe-result';
import type { CheckScope } from '../route-checks';
import type { OwnersObject } from './owners-object';

export const CROSS_DELETE = 'tenant.cross_delete' satisfies FindingCode;

/** Tenant B deletes tenant A's object: A must still be able to read it. */
export async function checkCrossDelete(object: OwnersObject, check: CheckScope): Promise<void> {
  const { context, route, owner, intruder, id } = object;
  const remove = route.resource!.delete!;
  const attempt = await context.send(route, intruder, {
    method: remove.method,
    path: remove.path,
    id,
    note: `tenant ${intruder.name} deletes tenant ${owner.name}'s object`,
  });
  const answer = check.requireAnswer(attempt, `tenant ${intruder.name}'s delete`);
  if (!isSuccess(attempt)) check.pass();
  const after = await context.read(route, owner, id, `tenant ${owner.name} reads its object again`);
  if (isSuccess(after)) check.pass();
  const status = after.answer?.status;
  if (status !== 404 && status !== 410) {
    check.skip(
      `tenant ${intruder.name}'s delete answered ${answer.status}, but tenant ${owner.name}'s read-back ${describeOutcome(after)}`,
    );
  }
  check.fail({
    title: `Tenant ${intruder.name} can delete tenant ${owner.name}'s objects`,
    detail: `${describeRequest(attempt)} with tenant ${intruder.name}'s credentials answered ${answer.status}, and tenant ${owner.name}'s read-back of ${String(id)} now answers ${status}: the object is gone.`,
    evidence: { exchanges: [object.ownerRead!.exchange, attempt.exchange, after.exchange] },
  });
}
