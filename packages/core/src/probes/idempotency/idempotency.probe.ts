import type { FindingCode } from '../../findings/catalogue';
import type { Phase } from '../phase';
import { twoTenantsMissing } from '../two-tenants';
import { CROSS_TENANT, checkCrossTenantReplay } from './cross-tenant-replay.check';
import type { IdempotencyRun } from './idempotency-run';
import { KEY_REUSE, checkKeyReuse } from './key-reuse.check';
import { DUPLICATE_ON_LOST, checkLostResponse } from './lost-response.check';
import { DUPLICATE_ON_PARALLEL, checkParallelRetries } from './parallel-retries.check';
import {
  DUPLICATE_ON_RETRY,
  REPLAY_MISMATCH,
  checkSequentialRetries,
} from './sequential-retries.check';

const STATEFUL = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** idempotency: retries, duplicate clicks and queue replays (docs/spec/findings.md). */
export const idempotencyPhase: Phase = {
  probe: 'idempotency',
  codes: [
    DUPLICATE_ON_RETRY,
    DUPLICATE_ON_PARALLEL,
    REPLAY_MISMATCH,
    KEY_REUSE,
    CROSS_TENANT,
    DUPLICATE_ON_LOST,
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
    if (code === DUPLICATE_ON_LOST) {
      if (route.method !== 'POST')
        return 'only a create (POST) can be repeated after a lost answer';
      if (!route.resource.list) {
        return 'the route has no resource.list to count what the request whose answer was lost created';
      }
    }
    if (code === CROSS_TENANT) return twoTenantsMissing(context);
    return undefined;
  },
  async run(context, route, checks) {
    const run: IdempotencyRun = {
      context,
      route,
      header: route.idempotency?.header ?? 'Idempotency-Key',
      actor: context.primary,
      idMode: true,
    };
    // The sequential retries go first: they learn whether answers carry ids (`idMode`).
    await checks.decide([DUPLICATE_ON_RETRY, REPLAY_MISMATCH], (check) =>
      checkSequentialRetries(run, check),
    );
    await checks.decide([KEY_REUSE], (check) => checkKeyReuse(run, check));
    await checks.decide([CROSS_TENANT], (check) => checkCrossTenantReplay(run, check));
    await checks.decide([DUPLICATE_ON_LOST], (check) => checkLostResponse(run, check));
    await checks.decide([DUPLICATE_ON_PARALLEL], (check) => checkParallelRetries(run, check));
  },
};
