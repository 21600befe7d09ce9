import { randomBytes } from 'node:crypto';

import type { EndpointSpec } from '@shakedown/core/contract';
import { PASSWORD, uniqueEmail } from './client';
import { configDocument, type OrgWorld } from './world';

/** `/targets/:id/runs` with the id of the org's object of that resource type. */
export function pathFor(spec: EndpointSpec, ids: OrgWorld['ids']): string {
  if (!spec.path.includes(':id')) return spec.path;
  const prefixes: [string, string][] = [
    ['/auth/sessions/', ids.session],
    ['/members/', ids.membership],
    ['/invitations/', ids.invitation],
    ['/api-keys/', ids.apiKey],
    ['/targets/', ids.target],
    ['/runs/', ids.run],
    ['/webhooks/', ids.webhook],
  ];
  const match = prefixes.find(([prefix]) => spec.path.startsWith(prefix));
  if (!match) throw new Error(`no sample object for ${spec.path}: add one to endpoint-samples.ts`);
  return spec.path.replace(':id', match[1]);
}

/** A body each write endpoint accepts, so refusals in tests are about access, not input. */
export function validBodyFor(spec: EndpointSpec): unknown {
  const unique = randomBytes(4).toString('hex');
  const bodies: Record<string, unknown> = {
    'POST /auth/sign-up': { email: uniqueEmail(), name: 'New', password: PASSWORD },
    'POST /auth/sign-in': { email: uniqueEmail(), password: PASSWORD },
    'POST /auth/sign-out': {},
    'POST /orgs': { name: `Org ${unique}` },
    'PATCH /members/:id': { role: 'viewer' },
    'POST /invitations': { email: uniqueEmail('invitee'), role: 'member' },
    'POST /invitations/accept': { token: `token-${unique}` },
    'POST /invitations/preview': { token: `token-${unique}` },
    'POST /api-keys': { name: `key ${unique}` },
    'POST /targets': configDocument(`target-${unique}`),
    'POST /targets/openapi-draft': { document: 'openapi: 3.0.0\npaths: {/a: {get: {}}}' },
    'PUT /targets/:id': configDocument(`target-${unique}`),
    'POST /targets/:id/verify': {},
    'POST /targets/:id/secrets/reveal': { pointer: '/target/tenants/alice/headers/Authorization' },
    'PUT /targets/:id/schedule': { cron: '0 4 * * *', timezone: 'UTC' },
    'POST /targets/:id/runs': {},
    'POST /runs/:id/cancel': {},
    'POST /estimator': { rate: 5, rateUnit: 'second' },
    'POST /webhooks': { url: 'http://127.0.0.1:9/other', events: ['run.failed'] },
    'PATCH /webhooks/:id': { description: 'changed' },
    'POST /webhooks/:id/rotate-secret': {},
    'POST /webhooks/:id/test': {},
  };
  const key = `${spec.method} ${spec.path}`;
  if (spec.method === 'GET' || spec.method === 'DELETE') return undefined;
  if (!(key in bodies))
    throw new Error(`no sample body for ${key}: add one to endpoint-samples.ts`);
  return bodies[key];
}

export function isWrite(spec: EndpointSpec): boolean {
  return spec.method === 'POST' || spec.method === 'PUT' || spec.method === 'PATCH';
}
