import type { FindingCode } from '../../findings/catalogue';
import { describeRequest, isSuccess } from '../describe-result';
import { getPointer, isObject, isSameObject } from '../json-tools';
import type { CheckScope } from '../route-checks';
import type { OwnersObject } from './owners-object';

export const LIST_LEAK = 'tenant.list_leak' satisfies FindingCode;

/** Tenant B lists: tenant A's object must not be among the items. */
export async function checkListLeak(object: OwnersObject, check: CheckScope): Promise<void> {
  const { context, route, owner, intruder, id } = object;
  const list = await context.list(route, intruder, `tenant ${intruder.name} lists`);
  const answer = check.requireAnswer(list, `tenant ${intruder.name}'s list`);
  if (!isSuccess(list)) check.pass();
  const items = getPointer(answer.json, route.resource!.list!.itemsPath);
  const candidates: unknown[] = Array.isArray(items)
    ? (items as unknown[])
    : objectsIn(answer.json);
  const reference = object.ownerRead?.answer?.json ?? object.created.answer!.json;
  const leaked = candidates.find((item) => isSameObject(item, reference, id, object.idKey));
  if (leaked === undefined) check.pass();
  check.fail({
    title: `Tenant ${intruder.name}'s list shows tenant ${owner.name}'s objects`,
    detail: `Tenant ${owner.name} created ${String(id)}; ${describeRequest(list)} with tenant ${intruder.name}'s credentials answered ${answer.status} and lists it: ${JSON.stringify(leaked).slice(0, 300)}.`,
    evidence: { exchanges: [object.created.exchange, list.exchange] },
  });
}

/** Every object in a JSON document, at most `maxDepth` deep (to find an item in an unexpected list shape). */
function objectsIn(document: unknown, maxDepth = 4): unknown[] {
  const found: unknown[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > maxDepth) return;
    if (Array.isArray(value)) for (const item of value.slice(0, 5000)) visit(item, depth + 1);
    else if (isObject(value)) {
      found.push(value);
      for (const inner of Object.values(value)) visit(inner, depth + 1);
    }
  };
  visit(document, 0);
  return found;
}
