import { draftBaseUrl, draftName, parentEnvName, routeIdFor } from './draft-target';
import type {
  ImportWarning,
  KeptOperation,
  LeftOutCategory,
  LeftOutOperation,
  OpenApiImportOptions,
} from './import-result';
import type { Json } from './json';
import type { LoadedDocument } from './load-document';
import {
  collectOperations,
  endsInParameter,
  jsonRequestBody,
  pathParameterNames,
  responseSchema,
  successResponses,
  type Operation,
} from './operations';
import { planRateLimit } from './rate-limits';
import { requestParts, UndraftableError, type RequestShape } from './request-parts';
import { planResources, type ResourcePlan } from './resources';
import { collectionPaths, isOptedIn, unsafeReason } from './safety';
import type { SampleContext } from './sample-body';
import { planSecurity, type SecuritySchemeSummary } from './security';
import type { ServerFields } from './server-fields';

export interface DraftParts {
  config: Record<string, unknown>;
  kept: KeptOperation[];
  leftOut: LeftOutOperation[];
  warnings: ImportWarning[];
  securitySchemes: SecuritySchemeSummary[];
  operationCount: number;
}

/** Rate-limit bursts of one draft together stay under half the default request budget. */
const TOTAL_BURST_BUDGET = 10_000;

const RESOURCE_ROLES = [
  ['read', 'resource.read'],
  ['update', 'resource.update'],
  ['remove', 'resource.delete'],
] as const;

/**
 * Decides, for every operation of the document, whether it becomes a route, a part of a
 * resource, or is left out and why; then writes the config.
 */
export function buildDraft(
  loaded: LoadedDocument,
  options: OpenApiImportOptions,
  context: SampleContext,
): DraftParts {
  const { document } = loaded;
  const { operations, undrafted } = collectOperations(document);
  const security = planSecurity(document, operations);
  const collections = collectionPaths(operations);
  const graph = planResources(operations);
  const include = options.include ?? [];
  const warnings: ImportWarning[] = loaded.validationErrors.map((message) => ({
    message: `the document does not validate as ${loaded.format.replace('-', ' ')}: ${message}`,
  }));
  const leftOut = new Map<Operation, LeftOutOperation>();
  const leave = (
    operation: Operation,
    category: LeftOutCategory,
    reason: string,
    canOptIn = false,
  ) => {
    if (leftOut.has(operation)) return;
    leftOut.set(operation, {
      operation: operation.key,
      ...(operation.operationId ? { operationId: operation.operationId } : {}),
      category,
      reason,
      canOptIn,
    });
  };
  const itemsOf = (plan: ResourcePlan) =>
    [plan.read, plan.update, plan.remove].filter((item): item is Operation => item !== undefined);
  const leaveWithCreate = (plan: ResourcePlan) => {
    for (const item of itemsOf(plan))
      leave(item, 'not-created', `acts on what ${plan.create.key} creates, which is left out`);
  };

  for (const operation of operations) {
    const unsafe = unsafeReason(operation, collections);
    if (unsafe && !isOptedIn(operation, include)) leave(operation, 'unsafe', unsafe, true);
    const missing = security.missingCredentials(operation);
    if (missing) leave(operation, 'credentials', missing);
  }
  for (const plan of graph.resources) {
    const parents = pathParameterNames(plan.create.normalizedPath);
    if (parents.length > 0 && !isOptedIn(plan.create, include) && !leftOut.has(plan.create)) {
      const names = parents.map((name) => `{${name}}`).join(', ');
      const env = parents.map(parentEnvName).join(', ');
      leave(
        plan.create,
        'not-created',
        `creates inside an existing ${names}; opt in to draft it, then set ${env} to objects tenant A owns`,
        true,
      );
    }
    if (leftOut.has(plan.create)) leaveWithCreate(plan);
  }

  const credentialHeaders = new Set(
    Object.values(security.tenants ?? {}).flatMap((tenant) =>
      Object.keys(tenant.headers).map((name) => name.toLowerCase()),
    ),
  );
  const taken = new Set<string>();
  const routes: Json[] = [];
  const kept: KeptOperation[] = [];
  let burstTotal = 0;

  const keep = (
    operation: Operation,
    routeId: string,
    role: KeptOperation['role'],
    notes: string[],
  ) =>
    kept.push({
      operation: operation.key,
      ...(operation.operationId ? { operationId: operation.operationId } : {}),
      routeId,
      role,
      public: security.isPublic(operation),
      notes,
    });
  const warn = (operation: Operation, messages: string[]) => {
    for (const message of messages) warnings.push({ operation: operation.key, message });
  };

  for (const operation of operations) {
    if (leftOut.has(operation)) continue;
    const owner = graph.owner.get(operation);
    if (owner && owner.create !== operation && !leftOut.has(owner.create)) continue;
    const plan = graph.resources.find((candidate) => candidate.create === operation);
    try {
      refuseUnreachable(operation, graph, plan, isOptedIn(operation, include));
      // A create opted into inside a parent, and its list, name the parent as `${ENV}`.
      const nested =
        plan ??
        graph.resources.find(
          (candidate) =>
            operation.method === 'GET' &&
            candidate.create.normalizedPath === operation.normalizedPath &&
            !leftOut.has(candidate.create),
        );
      const parents = new Set(nested ? pathParameterNames(nested.create.normalizedPath) : []);
      const shape: RequestShape = {
        parentParameters: parents,
        fields: serverFieldsOf(operation, plan),
        credentialHeaders,
      };
      const parts = requestParts(operation, { ...shape, withBodySchema: true }, context);
      const routeId = routeIdFor(operation.operationId, operation.method, operation.path, taken);
      const route: Json = { id: routeId, method: operation.method, path: parts.path };
      if (parts.headers) route.headers = parts.headers;
      if (parts.body !== undefined) route.body = parts.body;
      if (parts.bodySchema) route.bodySchema = parts.bodySchema;
      if (parts.idempotencyHeader) route.idempotency = { header: parts.idempotencyHeader };
      if (security.isPublic(operation)) route.public = true;
      const notes = [...parts.notes];
      warn(operation, parts.warnings);

      const isCreate = plan !== undefined || isCollectionCreate(operation, operations);
      const rateLimit = planRateLimit(operation, isCreate);
      if (rateLimit.warning) warn(operation, [rateLimit.warning]);
      if (rateLimit.plan && burstTotal + rateLimit.plan.burst <= TOTAL_BURST_BUDGET) {
        burstTotal += rateLimit.plan.burst;
        route.rateLimit = { expected: true, burst: rateLimit.plan.burst };
        notes.push(
          `expects a rate limit: a burst of ${rateLimit.plan.burst} (${rateLimit.plan.because})`,
        );
      } else if (rateLimit.plan) {
        warn(operation, [
          `no rate-limit check drafted: the draft's bursts already add up to ${burstTotal} requests`,
        ]);
      }

      if (plan) {
        const resource = resourceOf(
          plan,
          shape,
          context,
          (item, role, itemNotes) => keep(item, routeId, role, itemNotes),
          leave,
          (item, messages) => warn(item, messages),
        );
        if (resource) route.resource = resource;
        else
          warn(operation, [
            'none of the operations on what it creates could be drafted: no read-back checks',
          ]);
      } else if (isCreate) {
        warn(operation, ['what it creates is never deleted: no delete operation pairs with it']);
      }
      routes.push(route);
      keep(operation, routeId, 'route', notes);
    } catch (error) {
      if (!(error instanceof UndraftableError)) throw error;
      leave(operation, error.category, error.message);
      if (plan) leaveWithCreate(plan);
    }
  }

  if (!security.tenants && operations.some((operation) => !security.isPublic(operation))) {
    warnings.push({
      message:
        'no security scheme of the document can be written as tenant credentials: add target.tenants by hand',
    });
  } else if (!security.tenants) {
    warnings.push({
      message:
        'the document declares no security: if the API needs credentials, add two target.tenants by hand (they enable the tenant probes)',
    });
  }

  const { baseUrl, warning: baseUrlWarning } = draftBaseUrl(document, options);
  if (baseUrlWarning) warnings.unshift({ message: baseUrlWarning });
  const target: Json = { name: draftName(document, options.name), baseUrl };
  if (security.tenants) target.tenants = security.tenants;
  const allLeftOut = [
    ...undrafted.map((entry) => ({
      operation: entry.key,
      category: 'unsupported' as const,
      reason: entry.reason,
      canOptIn: false,
    })),
    ...operations
      .filter((operation) => leftOut.has(operation))
      .map((operation) => leftOut.get(operation)!),
  ];
  return {
    config: { version: 1, target, routes },
    kept,
    leftOut: allLeftOut,
    warnings,
    securitySchemes: security.schemes,
    operationCount: operations.length + undrafted.length,
  };
}

/** Operations that would act on an object the run does not create. */
function refuseUnreachable(
  operation: Operation,
  graph: ReturnType<typeof planResources>,
  plan: ResourcePlan | undefined,
  optedIn: boolean,
): void {
  if (plan) return;
  const untied = graph.untied.get(operation);
  if (untied) throw new UndraftableError('not-created', untied);
  const under = graph.resources.find((resource) =>
    operation.normalizedPath.startsWith(`${resource.itemPath}/`),
  );
  if (under) {
    throw new UndraftableError(
      'not-created',
      `acts on one object of ${under.create.normalizedPath} ({${under.itemParameter}}); a route cannot yet be aimed at an object the run creates`,
    );
  }
  const writes = ['PUT', 'PATCH', 'DELETE'].includes(operation.method);
  // A write the user opted into by name (a bulk write) is theirs to send.
  if (writes && !optedIn) {
    const what = endsInParameter(operation.normalizedPath)
      ? `an existing {${pathParameterNames(operation.normalizedPath).at(-1)!}}`
      : operation.normalizedPath;
    throw new UndraftableError('not-created', `writes to ${what}, which the run does not create`);
  }
}

/** A POST into a collection that is also listed: a create, though nothing reads it back. */
function isCollectionCreate(operation: Operation, operations: Operation[]): boolean {
  return (
    operation.method === 'POST' &&
    operations.some(
      (other) => other.method === 'GET' && other.normalizedPath === operation.normalizedPath,
    )
  );
}

/**
 * The fields of an operation's body the server sets (see server-fields.ts): its path's
 * parameters, and for a create its id field, which the create may never send when the body and
 * the answer share one schema.
 */
function serverFieldsOf(operation: Operation, plan: ResourcePlan | undefined): ServerFields {
  const likely = new Set(pathParameterNames(operation.normalizedPath));
  if (!plan) return { owned: new Set(), likely };
  const idNames = [plan.itemParameter, plan.idPath.split('/').at(-1) ?? ''].filter(Boolean);
  for (const name of idNames) likely.add(name);
  const bodySchema = jsonRequestBody(plan.create.operation)?.media?.schema;
  const shared =
    bodySchema !== undefined &&
    successResponses(plan.create.operation).some(
      (response) => responseSchema(response) === bodySchema,
    );
  return { owned: new Set(shared ? idNames : []), likely };
}

function resourceOf(
  plan: ResourcePlan,
  shape: RequestShape,
  context: SampleContext,
  keep: (operation: Operation, role: KeptOperation['role'], notes: string[]) => void,
  leave: (operation: Operation, category: LeftOutCategory, reason: string) => void,
  warn: (operation: Operation, messages: string[]) => void,
): Json | undefined {
  const resource: Json = { idPath: plan.idPath };
  const itemShape: RequestShape = { ...shape, idParameter: plan.itemParameter };
  for (const [role, keptRole] of RESOURCE_ROLES) {
    const operation = plan[role];
    if (!operation) continue;
    try {
      const parts = requestParts(operation, itemShape, context);
      if (parts.headers)
        warn(operation, [
          `needs the headers ${Object.keys(parts.headers).join(', ')}, which a resource action cannot send`,
        ]);
      warn(operation, parts.warnings);
      const action: Json = { method: operation.method, path: parts.path };
      if (role === 'update' && parts.body !== undefined) action.body = parts.body;
      resource[role === 'remove' ? 'delete' : role] = action;
      keep(operation, keptRole, [`id from ${plan.idSource}`, ...parts.notes]);
    } catch (error) {
      if (!(error instanceof UndraftableError)) throw error;
      leave(operation, error.category, error.message);
    }
  }
  if (plan.list && plan.itemsPath !== undefined) {
    try {
      const parts = requestParts(plan.list, shape, context);
      resource.list = { method: 'GET', path: parts.path, itemsPath: plan.itemsPath };
      keep(plan.list, 'resource.list', [`items at ${plan.itemsPath || 'the top of the answer'}`]);
    } catch (error) {
      if (!(error instanceof UndraftableError)) throw error;
    }
  }
  return Object.keys(resource).length > 1 ? resource : undefined;
}
