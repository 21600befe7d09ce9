import type { DbClient } from './db-client';

/** What a deployment caps (docs/security.md "Abuse model"), and whose count each one is. */
export type CappedResource =
  /** Webhook endpoints of an organisation: the scope is the organisation id. */
  | 'webhook_endpoints'
  /** API keys of an organisation that are not revoked: the scope is the organisation id. */
  | 'api_keys'
  /** Organisations an account owns: the scope is the user id. */
  | 'owned_orgs';

/**
 * Counts `resource` in `scopeId` under a transaction-scoped advisory lock of that pair, so a
 * cap checked with it and the row created in the same transaction cannot be raced past: a
 * concurrent creation in the same scope waits for this transaction to end. Call it inside
 * `$transaction`, with the transaction's client.
 */
export async function lockAndCountResource(
  tx: DbClient,
  resource: CappedResource,
  scopeId: string,
): Promise<number> {
  const lockKey = `cap:${resource}:${scopeId}`;
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))::text`;
  switch (resource) {
    case 'webhook_endpoints':
      return tx.webhookEndpoint.count({ where: { orgId: scopeId } });
    case 'api_keys':
      return tx.apiKey.count({ where: { orgId: scopeId, revokedAt: null } });
    case 'owned_orgs':
      return tx.membership.count({ where: { userId: scopeId, role: 'owner' } });
  }
}
