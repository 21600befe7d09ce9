import type { Route } from '../config/config.schema';
import type { FindingCode } from '../findings/catalogue';
import type { HttpResult } from '../http/http-types';
import type { Exchange } from '../report/report.schema';
import {
  deepEqual,
  getPointer,
  isObject,
  isSameObject,
  lastToken,
  unwrapObject,
  type ResourceId,
} from './json-tools';
import {
  describeOutcome,
  describeRequest,
  isSuccess,
  isolated,
  type Actor,
  type Phase,
  type ProbeContext,
  type RouteChecks,
} from './probe-context';

const CROSS_READ = 'tenant.cross_read' satisfies FindingCode;
const CROSS_WRITE = 'tenant.cross_write' satisfies FindingCode;
const CROSS_DELETE = 'tenant.cross_delete' satisfies FindingCode;
const LIST_LEAK = 'tenant.list_leak' satisfies FindingCode;
const AUTH_MISSING = 'auth.missing' satisfies FindingCode;
const CROSS_CODES = [CROSS_READ, CROSS_WRITE, CROSS_DELETE, LIST_LEAK] as const;

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

interface TenantRun {
  context: ProbeContext;
  route: Route;
  checks: RouteChecks;
  owner: Actor;
  intruder: Actor;
  id: ResourceId;
  idKey: string | undefined;
  created: HttpResult;
  /** Tenant A's own read of its object, when the route has resource.read. */
  ownerRead?: HttpResult;
}

function settleAllCross(
  checks: RouteChecks,
  outcome: { status: 'error' | 'skipped'; reason: string },
) {
  for (const code of CROSS_CODES) checks.settle(code, outcome);
}

async function checkCrossRead(run: TenantRun): Promise<void> {
  const { context, route, checks, owner, intruder, id } = run;
  const read = await context.read(
    route,
    intruder,
    id,
    `tenant ${intruder.name} reads tenant ${owner.name}'s object`,
  );
  if (!read.answer) {
    checks.settle(CROSS_READ, {
      status: 'error',
      reason: `tenant ${intruder.name}'s read ${describeOutcome(read)}`,
    });
    return;
  }
  if (
    isSuccess(read) &&
    isSameObject(read.answer.json, run.ownerRead!.answer!.json, id, run.idKey)
  ) {
    checks.settle(CROSS_READ, {
      status: 'failed',
      title: `Tenant ${intruder.name} can read tenant ${owner.name}'s objects`,
      detail: `Tenant ${owner.name} created ${String(id)}; ${describeRequest(read)} with tenant ${intruder.name}'s credentials answered ${read.answer.status} with that object. Another tenant's id must get 404 (or 403).`,
      evidence: { exchanges: [run.created.exchange, run.ownerRead!.exchange, read.exchange] },
    });
    return;
  }
  checks.settle(CROSS_READ, { status: 'passed' });
}

async function checkListLeak(run: TenantRun): Promise<void> {
  const { context, route, checks, owner, intruder, id } = run;
  const list = await context.list(route, intruder, `tenant ${intruder.name} lists`);
  if (!list.answer) {
    checks.settle(LIST_LEAK, {
      status: 'error',
      reason: `tenant ${intruder.name}'s list ${describeOutcome(list)}`,
    });
    return;
  }
  if (!isSuccess(list)) {
    checks.settle(LIST_LEAK, { status: 'passed' });
    return;
  }
  const items = getPointer(list.answer.json, route.resource!.list!.itemsPath);
  const candidates: unknown[] = Array.isArray(items)
    ? (items as unknown[])
    : objectsIn(list.answer.json);
  const reference = run.ownerRead?.answer?.json ?? run.created.answer!.json;
  const leaked = candidates.find((item) => isSameObject(item, reference, id, run.idKey));
  if (leaked === undefined) {
    checks.settle(LIST_LEAK, { status: 'passed' });
    return;
  }
  const exchanges: Exchange[] = [run.created.exchange, list.exchange];
  checks.settle(LIST_LEAK, {
    status: 'failed',
    title: `Tenant ${intruder.name}'s list shows tenant ${owner.name}'s objects`,
    detail: `Tenant ${owner.name} created ${String(id)}; ${describeRequest(list)} with tenant ${intruder.name}'s credentials answered ${list.answer.status} and lists it: ${JSON.stringify(leaked).slice(0, 300)}.`,
    evidence: { exchanges },
  });
}

async function checkCrossWrite(run: TenantRun): Promise<void> {
  const { context, route, checks, owner, intruder, id } = run;
  const update = route.resource!.update!;
  const before = run.ownerRead!;
  if (!updateChangesSomething(before.answer!.json, update.body)) {
    checks.settle(CROSS_WRITE, {
      status: 'skipped',
      reason:
        'resource.update.body would change nothing on the object, so a cross-tenant write could not be seen',
    });
    return;
  }
  const write = await context.send(route, intruder, {
    method: update.method,
    path: update.path,
    id,
    ...(update.body !== undefined ? { body: update.body } : {}),
    note: `tenant ${intruder.name} updates tenant ${owner.name}'s object`,
  });
  if (!write.answer) {
    checks.settle(CROSS_WRITE, {
      status: 'error',
      reason: `tenant ${intruder.name}'s update ${describeOutcome(write)}`,
    });
    return;
  }
  if (!isSuccess(write)) {
    checks.settle(CROSS_WRITE, { status: 'passed' });
    return;
  }
  const after = await context.read(route, owner, id, `tenant ${owner.name} reads its object again`);
  if (!isSuccess(after)) {
    checks.settle(CROSS_WRITE, {
      status: 'skipped',
      reason: `tenant ${intruder.name}'s update answered ${write.answer.status}, but tenant ${owner.name}'s read-back ${describeOutcome(after)}`,
    });
    return;
  }
  if (!showsChange(before.answer!.json, after.answer!.json, update.body)) {
    checks.settle(CROSS_WRITE, { status: 'passed' });
    return;
  }
  checks.settle(CROSS_WRITE, {
    status: 'failed',
    title: `Tenant ${intruder.name} can change tenant ${owner.name}'s objects`,
    detail: `${describeRequest(write)} with tenant ${intruder.name}'s credentials answered ${write.answer.status}, and tenant ${owner.name}'s read-back of ${String(id)} shows the change. Updates must be scoped to the caller's tenant (404 for other tenants' ids).`,
    evidence: { exchanges: [before.exchange, write.exchange, after.exchange] },
  });
}

async function checkCrossDelete(run: TenantRun): Promise<void> {
  const { context, route, checks, owner, intruder, id } = run;
  const remove = route.resource!.delete!;
  const attempt = await context.send(route, intruder, {
    method: remove.method,
    path: remove.path,
    id,
    note: `tenant ${intruder.name} deletes tenant ${owner.name}'s object`,
  });
  if (!attempt.answer) {
    checks.settle(CROSS_DELETE, {
      status: 'error',
      reason: `tenant ${intruder.name}'s delete ${describeOutcome(attempt)}`,
    });
    return;
  }
  if (!isSuccess(attempt)) {
    checks.settle(CROSS_DELETE, { status: 'passed' });
    return;
  }
  const after = await context.read(route, owner, id, `tenant ${owner.name} reads its object again`);
  const status = after.answer?.status;
  if (status !== undefined && status >= 200 && status < 300) {
    checks.settle(CROSS_DELETE, { status: 'passed' });
    return;
  }
  if (status !== 404 && status !== 410) {
    checks.settle(CROSS_DELETE, {
      status: 'skipped',
      reason: `tenant ${intruder.name}'s delete answered ${attempt.answer.status}, but tenant ${owner.name}'s read-back ${describeOutcome(after)}`,
    });
    return;
  }
  checks.settle(CROSS_DELETE, {
    status: 'failed',
    title: `Tenant ${intruder.name} can delete tenant ${owner.name}'s objects`,
    detail: `${describeRequest(attempt)} with tenant ${intruder.name}'s credentials answered ${attempt.answer.status}, and tenant ${owner.name}'s read-back of ${String(id)} now answers ${status}: the object is gone.`,
    evidence: { exchanges: [run.ownerRead!.exchange, attempt.exchange, after.exchange] },
  });
}

async function checkCrossTenant(
  context: ProbeContext,
  route: Route,
  checks: RouteChecks,
): Promise<void> {
  const owner = context.tenants[0]!;
  const intruder = context.tenants[1]!;
  const resource = route.resource!;
  const created = await context.sendSample(route, owner, {
    note: `tenant ${owner.name} creates an object`,
  });
  const id = context.track(route, owner, created);
  if (!created.answer) {
    settleAllCross(checks, {
      status: 'error',
      reason: `tenant ${owner.name}'s create ${describeOutcome(created)}`,
    });
    return;
  }
  if (!isSuccess(created)) {
    settleAllCross(checks, {
      status: 'skipped',
      reason: `tenant ${owner.name}'s create answered ${created.answer.status} (check the route's sample body and the tenant's headers)`,
    });
    return;
  }
  if (id === undefined) {
    settleAllCross(checks, {
      status: 'skipped',
      reason: `the create answer has no id at ${resource.idPath}`,
    });
    return;
  }
  const run: TenantRun = {
    context,
    route,
    checks,
    owner,
    intruder,
    id,
    idKey: lastToken(resource.idPath),
    created,
  };
  if (resource.read) {
    const ownerRead = await context.read(
      route,
      owner,
      id,
      `tenant ${owner.name} reads its own object`,
    );
    if (!isSuccess(ownerRead)) {
      const reason = `tenant ${owner.name}'s own read of its object ${describeOutcome(ownerRead)}`;
      for (const code of [CROSS_READ, CROSS_WRITE, CROSS_DELETE] as const)
        checks.settle(code, { status: 'skipped', reason });
    } else {
      run.ownerRead = ownerRead;
    }
  }
  if (checks.isPending(CROSS_READ)) await isolated(checks, [CROSS_READ], () => checkCrossRead(run));
  if (checks.isPending(LIST_LEAK)) await isolated(checks, [LIST_LEAK], () => checkListLeak(run));
  if (checks.isPending(CROSS_WRITE))
    await isolated(checks, [CROSS_WRITE], () => checkCrossWrite(run));
  if (checks.isPending(CROSS_DELETE)) {
    await isolated(checks, [CROSS_DELETE], () => checkCrossDelete(run));
  }
}

async function checkAuthMissing(
  context: ProbeContext,
  route: Route,
  checks: RouteChecks,
): Promise<void> {
  const result = await context.sendWithoutCredentials(route, { note: 'no credentials at all' });
  context.track(route, context.anonymous, result);
  if (!result.answer) {
    checks.settle(AUTH_MISSING, {
      status: 'error',
      reason: `the request ${describeOutcome(result)}`,
    });
    return;
  }
  if (!isSuccess(result)) {
    checks.settle(AUTH_MISSING, { status: 'passed' });
    return;
  }
  checks.settle(AUTH_MISSING, {
    status: 'failed',
    title: `${route.method} ${route.path} answers ${result.answer.status} without credentials`,
    detail: `${describeRequest(result)} with no credentials at all answered ${result.answer.status}. The config has tenants, so the API is expected to require authentication; mark truly public routes by leaving them out of the config.`,
    evidence: { exchanges: [result.exchange] },
  });
}

/** tenant: isolation between customers, and auth.missing (docs/spec/findings.md). */
export const tenantPhase: Phase = {
  probe: 'tenant',
  codes: [CROSS_READ, CROSS_WRITE, CROSS_DELETE, LIST_LEAK, AUTH_MISSING] satisfies FindingCode[],
  sends: true,
  skipReason(context, route, code) {
    const tenants = context.tenants.length;
    if (code === AUTH_MISSING) {
      return tenants === 0
        ? 'no tenants configured, so the API is not expected to require credentials'
        : undefined;
    }
    if (tenants === 0) return 'no tenants configured; tenant checks need two';
    if (tenants === 1) return 'only one tenant configured; tenant checks need two';
    const resource = route.resource;
    if (!resource) return 'the route has no resource to create and reach across tenants';
    switch (code) {
      case CROSS_READ:
        return resource.read ? undefined : 'the route has no resource.read';
      case CROSS_WRITE:
        if (!resource.update) return 'the route has no resource.update';
        return resource.read ? undefined : 'the route has no resource.read to confirm a change';
      case CROSS_DELETE:
        if (!resource.delete) return 'the route has no resource.delete';
        return resource.read ? undefined : 'the route has no resource.read to confirm a deletion';
      case LIST_LEAK:
        return resource.list ? undefined : 'the route has no resource.list';
      default:
        return undefined;
    }
  },
  async run(context, route, checks) {
    if (CROSS_CODES.some((code) => checks.isPending(code))) {
      await isolated(checks, CROSS_CODES, () => checkCrossTenant(context, route, checks));
    }
    if (checks.isPending(AUTH_MISSING)) {
      await isolated(checks, [AUTH_MISSING], () => checkAuthMissing(context, route, checks));
    }
  },
};
