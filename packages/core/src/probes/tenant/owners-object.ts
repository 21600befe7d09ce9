import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import type { HttpResult } from '../../http/http-types';
import { describeOutcome, isSuccess } from '../describe-result';
import { lastToken, type ResourceId } from '../json-tools';
import type { Actor, ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';

/** Tenant A's object, which tenant B then tries to reach. */
export interface OwnersObject {
  context: ProbeContext;
  route: Route;
  owner: Actor;
  intruder: Actor;
  id: ResourceId;
  idKey: string | undefined;
  created: HttpResult;
  /** Tenant A's own read of its object, when the route has resource.read and it answered 2xx. */
  ownerRead?: HttpResult;
}

/**
 * Tenant A creates an object (and reads it, where the route can): what every cross-tenant check
 * starts from. When A cannot create one, `setup` ends as error or skipped; when A cannot read it,
 * the checks in `needOwnerRead` are skipped.
 */
export async function createOwnersObject(
  context: ProbeContext,
  route: Route,
  setup: CheckScope,
  needOwnerRead: readonly FindingCode[],
): Promise<OwnersObject> {
  const owner = context.tenants[0]!;
  const intruder = context.tenants[1]!;
  const resource = route.resource!;
  const created = await context.sendSample(route, owner, {
    note: `tenant ${owner.name} creates an object`,
  });
  const id = context.track(route, owner, created);
  const answer = setup.requireAnswer(created, `tenant ${owner.name}'s create`);
  if (!isSuccess(created)) {
    setup.skip(
      `tenant ${owner.name}'s create answered ${answer.status} (check the route's sample body and the tenant's headers)`,
    );
  }
  if (id === undefined) setup.skip(`the create answer has no id at ${resource.idPath}`);
  const object: OwnersObject = {
    context,
    route,
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
    if (isSuccess(ownerRead)) object.ownerRead = ownerRead;
    else {
      const reason = `tenant ${owner.name}'s own read of its object ${describeOutcome(ownerRead)}`;
      for (const code of needOwnerRead) setup.settle(code, { status: 'skipped', reason });
    }
  }
  return object;
}
