import type { IncomingMessage } from 'node:http';

import { HttpError } from './http-io';

export const DEMO_TENANTS = {
  alice: 'demo-token-alice',
  bob: 'demo-token-bob',
} as const;

const TENANT_OF_TOKEN = new Map<string, string>(
  Object.entries(DEMO_TENANTS).map(([name, token]) => [token, name]),
);

/** The tenant whose bearer token the request carries, or undefined. */
export function tenantOf(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
  return match ? TENANT_OF_TOKEN.get(match[1]!.trim()) : undefined;
}

/** The request's tenant; 401 without a known bearer token. */
export function requireTenant(request: IncomingMessage): string {
  const tenant = tenantOf(request);
  if (!tenant)
    throw new HttpError(401, 'missing or invalid bearer token', { 'www-authenticate': 'Bearer' });
  return tenant;
}
