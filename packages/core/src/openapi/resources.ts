import { asArray, isObject, type Json } from './json';
import {
  endsInParameter,
  parentPath,
  pathParameterNames,
  responseSchema,
  successResponses,
  type Operation,
} from './operations';

/** A create and the operations on the objects it makes. */
export interface ResourcePlan {
  create: Operation;
  /** The item path's own parameter: `thingId` in `/things/{thingId}`. */
  itemParameter: string;
  /** The item path template, e.g. `/orgs/{orgId}/things/{thingId}`. */
  itemPath: string;
  /** JSON Pointer to the new object's id in the create's answer. */
  idPath: string;
  /** How the id was found: `link getThing`, `field id of the 201 answer`. */
  idSource: string;
  read?: Operation;
  update?: Operation;
  remove?: Operation;
  list?: Operation;
  /** JSON Pointer to the array in the list's answer (`''`: the answer is the array). */
  itemsPath?: string;
}

export interface ResourceGraph {
  resources: ResourcePlan[];
  /** Item operations that belong to a resource, and which. */
  owner: Map<Operation, ResourcePlan>;
  /** Why item operations of a collection could not be tied to its create. */
  untied: Map<Operation, string>;
}

const ITEM_ROLES = { GET: 'read', PUT: 'update', PATCH: 'update', DELETE: 'remove' } as const;
type ItemRole = (typeof ITEM_ROLES)[keyof typeof ITEM_ROLES];

/**
 * Pairs each create (POST on a collection) with the read, update, delete and list of what it
 * makes: first through the OpenAPI `links` of its answer, then through path templates
 * (`/things` ↔ `/things/{id}`, `/orgs/{orgId}/things` ↔ `/orgs/{orgId}/things/{thingId}`). The
 * id comes from the link's `$response.body#/…` expression or from the create's answer schema;
 * without one, nothing is tied (an item route is never aimed at a guessed id).
 */
export function planResources(operations: Operation[]): ResourceGraph {
  const byOperationId = new Map(
    operations
      .filter((operation) => operation.operationId)
      .map((operation) => [operation.operationId!, operation]),
  );
  const graph: ResourceGraph = { resources: [], owner: new Map(), untied: new Map() };
  for (const create of operations) {
    if (create.method !== 'POST' || endsInParameter(create.normalizedPath)) continue;
    const linked = linkedItems(create, byOperationId, operations);
    const templated = templatedItems(create, operations);
    const items = linked ?? templated;
    if (!items || items.operations.size === 0) continue;
    const idField =
      linked?.idPath !== undefined
        ? { idPath: linked.idPath, idSource: linked.idSource ?? 'a link' }
        : findIdField(create, items.parameter);
    if (!idField) {
      for (const operation of items.operations.values()) {
        if (graph.owner.has(operation)) continue;
        graph.untied.set(
          operation,
          `the answer of ${create.key} has no id field the draft can find (looked for ${idCandidates(create, items.parameter).join(', ')})`,
        );
      }
      continue;
    }
    const list = operations.find(
      (operation) =>
        operation.method === 'GET' && operation.normalizedPath === create.normalizedPath,
    );
    const plan: ResourcePlan = {
      create,
      itemParameter: items.parameter,
      itemPath: items.path,
      ...idField,
      ...(items.operations.get('read') ? { read: items.operations.get('read') } : {}),
      ...(items.operations.get('update') ? { update: items.operations.get('update') } : {}),
      ...(items.operations.get('remove') ? { remove: items.operations.get('remove') } : {}),
      ...(list ? { list, itemsPath: itemsPathOf(list, create) } : {}),
    };
    graph.resources.push(plan);
    for (const operation of items.operations.values()) {
      graph.owner.set(operation, plan);
      graph.untied.delete(operation);
    }
  }
  return graph;
}

interface ItemOperations {
  parameter: string;
  path: string;
  operations: Map<ItemRole, Operation>;
  idPath?: string;
  idSource?: string;
}

function templatedItems(create: Operation, operations: Operation[]): ItemOperations | undefined {
  const below = operations.filter(
    (operation) =>
      endsInParameter(operation.normalizedPath) &&
      parentPath(operation.normalizedPath) === create.normalizedPath &&
      operation.method in ITEM_ROLES,
  );
  if (below.length === 0) return undefined;
  // Several item paths (`/things/{id}`, `/things/{slug}`): the one that can be read back.
  const path = (below.find((operation) => operation.method === 'GET') ?? below[0]!).normalizedPath;
  const found = new Map<ItemRole, Operation>();
  for (const operation of below.filter((candidate) => candidate.normalizedPath === path)) {
    const role = ITEM_ROLES[operation.method as keyof typeof ITEM_ROLES];
    // PATCH is the lighter update: preferred over PUT.
    if (!found.has(role) || operation.method === 'PATCH') found.set(role, operation);
  }
  return { parameter: pathParameterNames(path).at(-1)!, path, operations: found };
}

function linkedItems(
  create: Operation,
  byOperationId: Map<string, Operation>,
  operations: Operation[],
): ItemOperations | undefined {
  const found = new Map<ItemRole, Operation>();
  let parameter: string | undefined;
  let path: string | undefined;
  let idPath: string | undefined;
  let idSource: string | undefined;
  for (const response of successResponses(create.operation)) {
    if (!isObject(response.links)) continue;
    for (const [name, link] of Object.entries(response.links)) {
      if (!isObject(link)) continue;
      const target = linkTarget(link, byOperationId, operations);
      if (!target || !(target.method in ITEM_ROLES) || !endsInParameter(target.normalizedPath))
        continue;
      const own = pathParameterNames(target.normalizedPath).at(-1)!;
      const expression = isObject(link.parameters) ? link.parameters[own] : undefined;
      const pointer =
        typeof expression === 'string'
          ? /^\$response\.body#(\/.*)?$/.exec(expression.trim())
          : null;
      if (!pointer) continue;
      if (path !== undefined && target.normalizedPath !== path) continue;
      parameter = own;
      path = target.normalizedPath;
      idPath ??= pointer[1] ?? '';
      idSource ??= `link ${name}`;
      const role = ITEM_ROLES[target.method as keyof typeof ITEM_ROLES];
      if (!found.has(role) || target.method === 'PATCH') found.set(role, target);
    }
  }
  if (parameter === undefined || path === undefined) return undefined;
  return {
    parameter,
    path,
    operations: found,
    ...(idPath !== undefined ? { idPath, idSource } : {}),
  };
}

function linkTarget(
  link: Json,
  byOperationId: Map<string, Operation>,
  operations: Operation[],
): Operation | undefined {
  if (typeof link.operationId === 'string') return byOperationId.get(link.operationId);
  if (typeof link.operationRef !== 'string') return undefined;
  const match = /^#\/paths\/([^/]+)\/(get|put|patch|delete|post)$/.exec(link.operationRef);
  if (!match) return undefined;
  const path = decodeURIComponent(match[1]!).replace(/~1/g, '/').replace(/~0/g, '~');
  return operations.find(
    (operation) => operation.path === path && operation.method === match[2]!.toUpperCase(),
  );
}

/** Field names that may hold the id, best first. */
function idCandidates(create: Operation, itemParameter: string): string[] {
  const singular = singularName(create.normalizedPath);
  return [...new Set([itemParameter, 'id', 'uuid', '_id', `${singular}Id`, `${singular}_id`])];
}

const ENVELOPES = ['data', 'item', 'result', 'resource', 'object'];

/**
 * The id field in the create's answer: at the top (`/id`), else inside one wrapping object,
 * the usual envelopes first (`/data/id`, `/apiKey/id`, `/endpoint/id`).
 */
function findIdField(
  create: Operation,
  itemParameter: string,
): { idPath: string; idSource: string } | undefined {
  const names = idCandidates(create, itemParameter);
  for (const response of successResponses(create.operation)) {
    const top = propertiesOf(responseSchema(response));
    const direct = names.find((name) => name in top);
    if (direct) return { idPath: `/${direct}`, idSource: `field ${direct} of the answer` };
    const preferred = [...ENVELOPES, singularName(create.normalizedPath)];
    const wrappers = Object.keys(top).sort((a, b) => rankOf(preferred, a) - rankOf(preferred, b));
    for (const wrapper of wrappers) {
      const inner = propertiesOf(top[wrapper]);
      const nested = names.find((name) => name in inner);
      if (nested) {
        return {
          idPath: `/${wrapper}/${nested}`,
          idSource: `field ${wrapper}.${nested} of the answer`,
        };
      }
    }
  }
  return undefined;
}

function rankOf(preferred: string[], name: string): number {
  const index = preferred.indexOf(name);
  return index === -1 ? preferred.length : index;
}

/** The properties of an object schema, `allOf` parts included. */
export function propertiesOf(schema: unknown, depth = 0): Json {
  if (!isObject(schema) || depth > 8) return {};
  const own = isObject(schema.properties) ? schema.properties : {};
  return Object.assign(
    {},
    ...asArray(schema.allOf).map((part) => propertiesOf(part, depth + 1)),
    own,
  ) as Json;
}

function itemsPathOf(list: Operation, create: Operation): string | undefined {
  for (const response of successResponses(list.operation)) {
    const schema = responseSchema(response);
    if (isObject(schema) && (schema.type === 'array' || schema.items !== undefined)) return '';
    const properties = propertiesOf(schema);
    const arrays = Object.keys(properties).filter((name) => {
      const property = properties[name];
      return (
        isObject(property) &&
        (property.type === 'array' ||
          (Array.isArray(property.type) && property.type.includes('array')))
      );
    });
    const plural = create.normalizedPath.split('/').at(-1) ?? '';
    const preferred = [
      'items',
      'data',
      'results',
      plural,
      'records',
      'entries',
      'content',
      'values',
    ].find((name) => arrays.includes(name));
    const chosen = preferred ?? (arrays.length === 1 ? arrays[0] : undefined);
    if (chosen !== undefined) return `/${chosen}`;
  }
  return undefined;
}

/** `/api-keys` → `apiKey`, `/entries` → `entry`. */
function singularName(collectionPath: string): string {
  const last =
    collectionPath
      .split('/')
      .filter((segment) => segment && !segment.startsWith('{'))
      .at(-1) ?? '';
  const singular = last.endsWith('ies')
    ? `${last.slice(0, -3)}y`
    : last.endsWith('s')
      ? last.slice(0, -1)
      : last;
  return singular.replace(/[-_]+([a-zA-Z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
