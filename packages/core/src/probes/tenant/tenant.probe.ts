import type { FindingCode } from '../../findings/catalogue';
import type { Phase } from '../phase';
import { AUTH_MISSING, checkAuthMissing } from './auth-missing.check';
import { CROSS_DELETE, checkCrossDelete } from './cross-delete.check';
import { CROSS_READ, checkCrossRead } from './cross-read.check';
import { CROSS_WRITE, checkCrossWrite } from './cross-write.check';
import { LIST_LEAK, checkListLeak } from './list-leak.check';
import { createOwnersObject } from './owners-object';

const CROSS_CODES = [CROSS_READ, CROSS_WRITE, CROSS_DELETE, LIST_LEAK] as const;

/** tenant: isolation between customers, and auth.missing (docs/spec/findings.md). */
export const tenantPhase: Phase = {
  probe: 'tenant',
  codes: [CROSS_READ, CROSS_WRITE, CROSS_DELETE, LIST_LEAK, AUTH_MISSING] satisfies FindingCode[],
  sends: true,
  skipReason(context, route, code) {
    const tenants = context.tenants.length;
    if (code === AUTH_MISSING) {
      if (route.public)
        return 'the route is public (public: true), so credentials are not required';
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
    await checks.decide(CROSS_CODES, async (setup) => {
      const object = await createOwnersObject(context, route, setup, [
        CROSS_READ,
        CROSS_WRITE,
        CROSS_DELETE,
      ]);
      await checks.decide([CROSS_READ], (check) => checkCrossRead(object, check));
      await checks.decide([LIST_LEAK], (check) => checkListLeak(object, check));
      await checks.decide([CROSS_WRITE], (check) => checkCrossWrite(object, check));
      await checks.decide([CROSS_DELETE], (check) => checkCrossDelete(object, check));
    });
    await checks.decide([AUTH_MISSING], (check) => checkAuthMissing(context, route, check));
  },
};
