import type { FindingCode } from '../../findings/catalogue';
import { describeRequest, isSuccess } from '../describe-result';
import { isSameObject } from '../json-tools';
import type { CheckScope } from '../route-checks';
import type { OwnersObject } from './owners-object';

export const CROSS_READ = 'tenant.cross_read' satisfies FindingCode;

/** Tenant B reads tenant A's object by its id: it must get 404 (or 403), never the object. */
export async function checkCrossRead(object: OwnersObject, check: CheckScope): Promise<void> {
  const { context, route, owner, intruder, id } = object;
  const ownerRead = object.ownerRead!;
  const read = await context.read(
    route,
    intruder,
    id,
    `tenant ${intruder.name} reads tenant ${owner.name}'s object`,
  );
  const answer = check.requireAnswer(read, `tenant ${intruder.name}'s read`);
  if (!isSuccess(read) || !isSameObject(answer.json, ownerRead.answer!.json, id, object.idKey)) {
    check.pass();
  }
  check.fail({
    title: `Tenant ${intruder.name} can read tenant ${owner.name}'s objects`,
    detail: `Tenant ${owner.name} created ${String(id)}; ${describeRequest(read)} with tenant ${intruder.name}'s credentials answered ${answer.status} with that object. Another tenant's id must get 404 (or 403).`,
    evidence: { exchanges: [object.created.exchange, ownerRead.exchange, read.exchange] },
  });
}
