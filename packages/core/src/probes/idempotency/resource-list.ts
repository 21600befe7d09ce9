import type { Route } from '../../config/config.schema';
import type { HttpResult } from '../../http/http-types';
import { isSuccess } from '../describe-result';
import { asId, getPointer, idAt, isObject, lastToken, type ResourceId } from '../json-tools';
import type { Actor, ProbeContext } from '../probe-context';

/** A list answer and the items it holds by id; no `ids` when the list cannot be read. */
export interface ListedIds {
  result: HttpResult;
  ids?: Map<string, unknown>;
}

/** The items a list answer holds, by id, or undefined when the list cannot be read. */
export async function listIds(
  context: ProbeContext,
  route: Route,
  actor: Actor,
  note: string,
): Promise<ListedIds> {
  const resource = route.resource!;
  const result = await context.list(route, actor, note);
  if (!isSuccess(result)) return { result };
  const items = getPointer(result.answer!.json, resource.list!.itemsPath);
  if (!Array.isArray(items)) return { result };
  const key = lastToken(resource.idPath);
  const ids = new Map<string, unknown>();
  for (const item of items as unknown[]) {
    const id =
      idAt(item, resource.idPath) ??
      (key === undefined || !isObject(item) ? undefined : asId(item[key]));
    if (id !== undefined) ids.set(String(id), item);
  }
  return { result, ids };
}

/**
 * Items new in `after` that look like what the probe sent (every scalar field of the sample
 * the item shows has the sample's value), so other clients' writes are never counted.
 */
export function newItemsLikeSample(
  before: Map<string, unknown>,
  after: Map<string, unknown>,
  sample: unknown,
): string[] {
  return [...after.entries()]
    .filter(([id, item]) => !before.has(id) && looksLike(item, sample))
    .map(([id]) => id);
}

function looksLike(item: unknown, sample: unknown): boolean {
  if (!isObject(item) || !isObject(sample)) return true;
  let shared = 0;
  for (const [key, value] of Object.entries(sample)) {
    if (value === null || typeof value === 'object' || !(key in item)) continue;
    if (item[key] !== value) return false;
    shared += 1;
  }
  return shared > 0 || Object.keys(sample).length === 0;
}

export function distinctIds(ids: readonly (ResourceId | undefined)[]): ResourceId[] {
  const seen = new Map<string, ResourceId>();
  for (const id of ids) if (id !== undefined && !seen.has(String(id))) seen.set(String(id), id);
  return [...seen.values()];
}
