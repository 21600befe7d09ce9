import type { Route } from '../config/config.schema';
import type { FindingCode } from '../findings/catalogue';
import type { HttpResult } from '../http/http-types';
import { withChangedValue } from './body-mutations';
import {
  asId,
  formatIds,
  getPointer,
  idAt,
  isObject,
  lastToken,
  sameId,
  type ResourceId,
} from './json-tools';
import {
  describeOutcome,
  isSuccess,
  isolated,
  statusClass,
  statusSummary,
  type Actor,
  type Phase,
  type ProbeContext,
  type RouteChecks,
} from './probe-context';

const STATEFUL = ['POST', 'PUT', 'PATCH', 'DELETE'];
/** Requests released at once by the parallel check. */
export const PARALLEL_REQUESTS = 8;
const RETRIES = 3;

const DUPLICATE_ON_RETRY = 'idempotency.duplicate_on_retry' satisfies FindingCode;
const DUPLICATE_ON_PARALLEL = 'idempotency.duplicate_on_parallel_retry' satisfies FindingCode;
const REPLAY_MISMATCH = 'idempotency.replay_mismatch' satisfies FindingCode;
const KEY_REUSE = 'idempotency.key_reuse_accepted' satisfies FindingCode;
const CROSS_TENANT = 'idempotency.cross_tenant_replay' satisfies FindingCode;

/** The items a list answer holds, by id, or undefined when the list cannot be read. */
async function listIds(
  context: ProbeContext,
  route: Route,
  actor: Actor,
  note: string,
): Promise<{ result: HttpResult; ids?: Map<string, unknown> }> {
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
function newItemsLikeSample(
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

function distinctIds(ids: readonly (ResourceId | undefined)[]): ResourceId[] {
  const seen = new Map<string, ResourceId>();
  for (const id of ids) if (id !== undefined && !seen.has(String(id))) seen.set(String(id), id);
  return [...seen.values()];
}

interface IdempotencyRun {
  context: ProbeContext;
  route: Route;
  checks: RouteChecks;
  header: string;
  actor: Actor;
  /** False once the route's answers turned out to carry no id: the list counts instead. */
  idMode: boolean;
}

async function checkSequentialRetries(run: IdempotencyRun): Promise<void> {
  const { context, route, checks, header, actor } = run;
  const resource = route.resource!;
  const before = resource.list
    ? await listIds(context, route, actor, 'the list before the retries')
    : undefined;
  const key = context.newKey();
  const results: HttpResult[] = [];
  for (let attempt = 1; attempt <= RETRIES; attempt += 1) {
    const result = await context.sendSample(route, actor, {
      headers: { [header]: key },
      note: `request ${attempt} of ${RETRIES} with ${header}: ${key}`,
    });
    context.track(route, actor, result);
    results.push(result);
  }
  const first = results[0]!;
  if (!first.answer) {
    const reason = `the first request ${describeOutcome(first)}`;
    checks.settle(DUPLICATE_ON_RETRY, { status: 'error', reason });
    checks.settle(REPLAY_MISMATCH, { status: 'error', reason });
    return;
  }
  if (!isSuccess(first)) {
    const reason = `the first request answered ${first.answer.status}, so there was nothing to retry (check the route's sample body and headers)`;
    checks.settle(DUPLICATE_ON_RETRY, { status: 'skipped', reason });
    checks.settle(REPLAY_MISMATCH, { status: 'skipped', reason });
    return;
  }
  const retries = results.slice(1);
  if (retries.every((result) => !result.answer)) {
    const reason = `the retries got no answer (${retries[0]!.failure?.message ?? 'unknown'})`;
    checks.settle(DUPLICATE_ON_RETRY, { status: 'error', reason });
    checks.settle(REPLAY_MISMATCH, { status: 'error', reason });
    return;
  }
  const ids = results.map((result) => context.idOf(route, result));
  const firstId = ids[0];
  const exchanges = results.map((result) => result.exchange);
  const what = `${route.method} ${route.path} was sent ${RETRIES} times in sequence with ${header}: ${key}, each after the previous answered`;

  if (firstId === undefined) {
    run.idMode = false;
    if (!before?.ids) {
      const reason = `the answer has no id at ${resource.idPath} and the route has no readable resource.list to count with`;
      checks.settle(DUPLICATE_ON_RETRY, { status: 'skipped', reason });
      checks.settle(REPLAY_MISMATCH, { status: 'skipped', reason });
      return;
    }
    const after = await listIds(context, route, actor, 'the list after the retries');
    if (!after.ids) {
      checks.settle(DUPLICATE_ON_RETRY, {
        status: 'skipped',
        reason: `the list after the retries ${describeOutcome(after.result)}`,
      });
    } else {
      const added = newItemsLikeSample(before.ids, after.ids, route.body);
      for (const id of added) context.trackId(route, actor, id);
      checks.settle(
        DUPLICATE_ON_RETRY,
        added.length > 1
          ? {
              status: 'failed',
              title: `${RETRIES} requests with one ${header} created ${added.length} resources`,
              detail: `${what}. The list grew by ${added.length} (new ids ${formatIds(added)}).`,
              evidence: {
                exchanges: [before.result.exchange, ...exchanges, after.result.exchange],
              },
            }
          : { status: 'passed' },
      );
    }
  } else {
    const distinct = distinctIds(ids);
    checks.settle(
      DUPLICATE_ON_RETRY,
      distinct.length > 1
        ? {
            status: 'failed',
            title: `${RETRIES} requests with one ${header} created ${distinct.length} resources`,
            detail: `${what}. The answers carry ids ${formatIds(distinct)}: each retry created another resource instead of replaying the first answer.`,
            evidence: { exchanges },
          }
        : { status: 'passed' },
    );
  }

  // 409 is the draft's answer for a request still in flight, not a completed retry.
  const completed = retries.filter((result) => result.answer && result.answer.status !== 409);
  if (completed.length === 0) {
    checks.settle(REPLAY_MISMATCH, {
      status: 'skipped',
      reason: `the retries answered ${statusSummary(retries)}, so no completed retry could be compared`,
    });
    return;
  }
  const firstStatus = first.answer.status;
  for (const retry of completed) {
    const status = retry.answer!.status;
    const retryId = context.idOf(route, retry);
    const classDiffers = statusClass(status) !== statusClass(firstStatus);
    const idDiffers = firstId !== undefined && retryId !== undefined && !sameId(firstId, retryId);
    if (!classDiffers && !idDiffers) continue;
    const attempt = results.indexOf(retry) + 1;
    checks.settle(REPLAY_MISMATCH, {
      status: 'failed',
      title: classDiffers
        ? `A retry with the same ${header} answered ${status} instead of replaying ${firstStatus}`
        : `A retry with the same ${header} returned id ${String(retryId)} instead of ${String(firstId)}`,
      detail: `${what}. The first answer was ${firstStatus}${firstId !== undefined ? ` with id ${String(firstId)}` : ''}; retry ${attempt} answered ${status}${retryId !== undefined ? ` with id ${String(retryId)}` : ''}. A retry must learn the outcome of the first request.`,
      evidence: { exchanges: [first.exchange, retry.exchange] },
    });
    return;
  }
  checks.settle(REPLAY_MISMATCH, { status: 'passed' });
}

async function checkKeyReuse(run: IdempotencyRun): Promise<void> {
  const { context, route, checks, header, actor } = run;
  const key = context.newKey();
  const first = await context.sendSample(route, actor, {
    headers: { [header]: key },
    note: `body A with ${header}: ${key}`,
  });
  const firstId = context.track(route, actor, first);
  if (!first.answer) {
    checks.settle(KEY_REUSE, {
      status: 'error',
      reason: `the first request ${describeOutcome(first)}`,
    });
    return;
  }
  if (!isSuccess(first)) {
    checks.settle(KEY_REUSE, {
      status: 'skipped',
      reason: `the first request answered ${first.answer.status}, so there was no key to reuse`,
    });
    return;
  }
  const second = await context.send(route, actor, {
    body: withChangedValue(route.body),
    headers: { [header]: key },
    note: `the same ${header} with a changed body B`,
  });
  const secondId = context.track(route, actor, second);
  if (!second.answer) {
    checks.settle(KEY_REUSE, {
      status: 'error',
      reason: `the request with body B ${describeOutcome(second)}`,
    });
    return;
  }
  if (!isSuccess(second)) {
    checks.settle(KEY_REUSE, { status: 'passed' });
    return;
  }
  if (firstId === undefined || secondId === undefined) {
    checks.settle(KEY_REUSE, {
      status: 'skipped',
      reason: `the answers carry no id at ${route.resource!.idPath}, so a new write cannot be told from a replay`,
    });
    return;
  }
  if (sameId(firstId, secondId)) {
    checks.settle(KEY_REUSE, { status: 'passed' });
    return;
  }
  checks.settle(KEY_REUSE, {
    status: 'failed',
    title: `A reused ${header} with a different body created a second resource`,
    detail: `The first request with ${header}: ${key} created ${String(firstId)}. The same key with a changed body answered ${second.answer.status} and created ${String(secondId)}. A key reused with another payload should be refused (the IETF draft answers 422).`,
    evidence: { exchanges: [first.exchange, second.exchange] },
  });
}

async function checkCrossTenantReplay(run: IdempotencyRun): Promise<void> {
  const { context, route, checks, header, actor } = run;
  const other = context.secondary!;
  const key = context.newKey();
  const first = await context.sendSample(route, actor, {
    headers: { [header]: key },
    note: `tenant ${actor.name} creates with ${header}: ${key}`,
  });
  const firstId = context.track(route, actor, first);
  if (!first.answer) {
    checks.settle(CROSS_TENANT, {
      status: 'error',
      reason: `tenant ${actor.name}'s request ${describeOutcome(first)}`,
    });
    return;
  }
  if (!isSuccess(first)) {
    checks.settle(CROSS_TENANT, {
      status: 'skipped',
      reason: `tenant ${actor.name}'s request answered ${first.answer.status}, so there was nothing to replay`,
    });
    return;
  }
  if (firstId === undefined) {
    checks.settle(CROSS_TENANT, {
      status: 'skipped',
      reason: `the answer has no id at ${route.resource!.idPath}, so a replay cannot be recognised`,
    });
    return;
  }
  const second = await context.sendSample(route, other, {
    headers: { [header]: key },
    note: `tenant ${other.name} sends tenant ${actor.name}'s ${header} and body`,
  });
  const secondId = context.track(route, other, second);
  if (!second.answer) {
    checks.settle(CROSS_TENANT, {
      status: 'error',
      reason: `tenant ${other.name}'s request ${describeOutcome(second)}`,
    });
    return;
  }
  if (isSuccess(second) && sameId(firstId, secondId)) {
    checks.settle(CROSS_TENANT, {
      status: 'failed',
      title: `Tenant ${other.name} got tenant ${actor.name}'s result by reusing its ${header}`,
      detail: `Tenant ${actor.name} created ${String(firstId)} with ${header}: ${key}. Tenant ${other.name} sent the same key and body and got ${second.answer.status} with ${actor.name}'s id ${String(firstId)}: stored keys are not scoped to the caller.`,
      evidence: { exchanges: [first.exchange, second.exchange] },
    });
    return;
  }
  checks.settle(CROSS_TENANT, { status: 'passed' });
}

async function checkParallelRetries(run: IdempotencyRun): Promise<void> {
  const { context, route, checks, header, actor } = run;
  const resource = route.resource!;
  const useList = !run.idMode;
  const before =
    useList && resource.list
      ? await listIds(context, route, actor, 'the list before the parallel requests')
      : undefined;
  if (useList && !before?.ids) {
    checks.settle(DUPLICATE_ON_PARALLEL, {
      status: 'skipped',
      reason: `the answers have no id at ${resource.idPath} and the route has no readable resource.list to count with`,
    });
    return;
  }
  const key = context.newKey();
  const requests = Array.from({ length: PARALLEL_REQUESTS }, (_, index) =>
    context.buildRequest(route, actor, {
      ...(route.body !== undefined ? { body: route.body } : {}),
      headers: { [header]: key },
      note: `parallel request ${index + 1} of ${PARALLEL_REQUESTS} with ${header}: ${key}, all released at once`,
      on429: 'answer',
    }),
  );
  const results = await context.http.sendSimultaneously(requests);
  const ids = results.map((result) => context.track(route, actor, result));
  const accepted = results.filter(isSuccess);
  const summary = statusSummary(results);
  if (accepted.length === 0) {
    if (results.every((result) => !result.answer)) {
      checks.settle(DUPLICATE_ON_PARALLEL, {
        status: 'error',
        reason: `none of the ${PARALLEL_REQUESTS} parallel requests got an answer (${results[0]!.failure?.message ?? 'unknown'})`,
      });
    } else {
      checks.settle(DUPLICATE_ON_PARALLEL, {
        status: 'skipped',
        reason: `none of the ${PARALLEL_REQUESTS} parallel requests was accepted (${summary})`,
      });
    }
    return;
  }
  const what = `${PARALLEL_REQUESTS} requests with ${header}: ${key} and the same body were released at once, each on its own connection, all connected first. Answers: ${summary}.`;
  if (!useList) {
    const distinct = distinctIds(ids);
    if (distinct.length === 0) {
      checks.settle(DUPLICATE_ON_PARALLEL, {
        status: 'skipped',
        reason: `the accepted answers carry no id at ${resource.idPath}`,
      });
      return;
    }
    checks.settle(
      DUPLICATE_ON_PARALLEL,
      distinct.length > 1
        ? {
            status: 'failed',
            title: `${PARALLEL_REQUESTS} parallel requests with one ${header} created ${distinct.length} resources`,
            detail: `${what} They created ids ${formatIds(distinct)}. The key must be claimed atomically; a 409 for duplicates still in flight is correct.`,
            evidence: { exchanges: results.map((result) => result.exchange) },
          }
        : { status: 'passed' },
    );
    return;
  }
  const after = await listIds(context, route, actor, 'the list after the parallel requests');
  if (!after.ids) {
    checks.settle(DUPLICATE_ON_PARALLEL, {
      status: 'skipped',
      reason: `the list after the requests ${describeOutcome(after.result)}`,
    });
    return;
  }
  const added = newItemsLikeSample(before!.ids!, after.ids, route.body);
  for (const id of added) context.trackId(route, actor, id);
  checks.settle(
    DUPLICATE_ON_PARALLEL,
    added.length > 1
      ? {
          status: 'failed',
          title: `${PARALLEL_REQUESTS} parallel requests with one ${header} created ${added.length} resources`,
          detail: `${what} The list grew by ${added.length} (new ids ${formatIds(added)}).`,
          evidence: {
            exchanges: [
              before!.result.exchange,
              ...results.map((r) => r.exchange),
              after.result.exchange,
            ],
          },
        }
      : { status: 'passed' },
  );
}

/** idempotency: retries, duplicate clicks and queue replays (docs/spec/findings.md). */
export const idempotencyPhase: Phase = {
  probe: 'idempotency',
  codes: [
    DUPLICATE_ON_RETRY,
    DUPLICATE_ON_PARALLEL,
    REPLAY_MISMATCH,
    KEY_REUSE,
    CROSS_TENANT,
  ] satisfies FindingCode[],
  sends: true,
  skipReason(context, route, code) {
    if (!STATEFUL.includes(route.method))
      return `${route.method} requests do not create or change state`;
    if (!route.resource) {
      return 'the route has no resource (idPath or list) to count created resources with';
    }
    if (code === KEY_REUSE && route.body === undefined)
      return 'the route has no sample body to change';
    if (code === CROSS_TENANT) {
      if (context.tenants.length === 0) return 'no tenants configured; this check needs two';
      if (context.tenants.length === 1) return 'only one tenant configured; this check needs two';
    }
    return undefined;
  },
  async run(context, route, checks) {
    const run: IdempotencyRun = {
      context,
      route,
      checks,
      header: route.idempotency?.header ?? 'Idempotency-Key',
      actor: context.primary,
      idMode: true,
    };
    if (checks.isPending(DUPLICATE_ON_RETRY) || checks.isPending(REPLAY_MISMATCH)) {
      await isolated(checks, [DUPLICATE_ON_RETRY, REPLAY_MISMATCH], () =>
        checkSequentialRetries(run),
      );
    }
    if (checks.isPending(KEY_REUSE)) await isolated(checks, [KEY_REUSE], () => checkKeyReuse(run));
    if (checks.isPending(CROSS_TENANT)) {
      await isolated(checks, [CROSS_TENANT], () => checkCrossTenantReplay(run));
    }
    if (checks.isPending(DUPLICATE_ON_PARALLEL)) {
      await isolated(checks, [DUPLICATE_ON_PARALLEL], () => checkParallelRetries(run));
    }
  },
};
