import type { FindingCode } from '../../findings/catalogue';
import { describeOutcome, describeRequest, isSuccess } from '../describe-result';
import { deepEqual, isObject, unwrapObject } from '../json-tools';
import type { CheckScope } from '../route-checks';
import type { OwnersObject } from './owners-object';

export const CROSS_WRITE = 'tenant.cross_write' satisfies FindingCode;

/** Tenant B updates tenant A's object: A's read-back must not show the change. */
export async function checkCrossWrite(object: OwnersObject, check: CheckScope): Promise<void> {
  const { context, route, owner, intruder, id } = object;
  const update = route.resource!.update!;
  const before = object.ownerRead!;
  if (!updateChangesSomething(before.answer!.json, update.body)) {
    check.skip(
      'resource.update.body would change nothing on the object, so a cross-tenant write could not be seen',
    );
  }
  const write = await context.send(route, intruder, {
    method: update.method,
    path: update.path,
    id,
    ...(update.body !== undefined ? { body: update.body } : {}),
    note: `tenant ${intruder.name} updates tenant ${owner.name}'s object`,
  });
  const answer = check.requireAnswer(write, `tenant ${intruder.name}'s update`);
  if (!isSuccess(write)) check.pass();
  const after = await context.read(route, owner, id, `tenant ${owner.name} reads its object again`);
  if (!isSuccess(after)) {
    check.skip(
      `tenant ${intruder.name}'s update answered ${answer.status}, but tenant ${owner.name}'s read-back ${describeOutcome(after)}`,
    );
  }
  if (!showsChange(before.answer!.json, after.answer!.json, update.body)) check.pass();
  check.fail({
    title: `Tenant ${intruder.name} can change tenant ${owner.name}'s objects`,
    detail: `${describeRequest(write)} with tenant ${intruder.name}'s credentials answered ${answer.status}, and tenant ${owner.name}'s read-back of ${String(id)} shows the change. Updates must be scoped to the caller's tenant (404 for other tenants' ids).`,
    evidence: { exchanges: [before.exchange, write.exchange, after.exchange] },
  });
}

/** True when A's read-back shows the change B's update asked for. */
function showsChange(before: unknown, after: unknown, update: unknown): boolean {
  const b = unwrapObject(before);
  const a = unwrapObject(after);
  if (isObject(update) && b && a) {
    return Object.entries(update).some(
      ([key, value]) => deepEqual(a[key], value) && !deepEqual(b[key], value),
    );
  }
  return !deepEqual(before, after);
}

/** Whether the update body would change anything on the object as A reads it. */
function updateChangesSomething(before: unknown, update: unknown): boolean {
  const b = unwrapObject(before);
  if (!isObject(update) || !b) return true;
  return Object.entries(update).some(([key, value]) => !deepEqual(b[key], value));
}
