import type { Tenant } from '../config/config.schema';
import { isObject, type Json } from './json';
import type { Operation } from './operations';

/** One security scheme of the document, as the draft uses it. */
export interface SecuritySchemeSummary {
  name: string;
  /** `http bearer`, `apiKey in header X-API-Key`, `oauth2`, … */
  description: string;
  /** Operations that accept it (alone or with others). */
  operations: number;
  /** Whether the draft's tenants carry it. */
  usedByTenants: boolean;
  /** The environment variables that hold tenant A's and tenant B's credential, when used. */
  env?: [string, string];
  /** Why the draft cannot use it, when it cannot. */
  unsupported?: string;
}

export interface SecurityPlan {
  schemes: SecuritySchemeSummary[];
  /** Two tenants with `${ENV}` placeholders, when the document has a scheme the draft can use. */
  tenants: Record<string, Tenant> | undefined;
  /** The operation needs no credentials: `security: []`, `{}` among its options, or none at all. */
  isPublic(operation: Operation): boolean;
  /** Why the tenants cannot call the operation; undefined when they can. */
  missingCredentials(operation: Operation): string | undefined;
}

export const TENANT_NAMES = ['tenantA', 'tenantB'] as const;

interface Scheme {
  name: string;
  description: string;
  /** Lower is better for machine-to-machine testing: tokens and keys before cookies. */
  rank: number;
  unsupported?: string;
  place(tenant: Tenant, env: string): void;
}

/**
 * Reads the document's security: which operations are public, and which requirement the two
 * tenants should carry. The choice prefers the requirement most operations accept, and among
 * those that cover at least half as many, bearer tokens and header keys over basic auth, query
 * keys and cookies (a session cookie usually needs a CSRF token for writes besides).
 */
export function planSecurity(document: Json, operations: Operation[]): SecurityPlan {
  const schemes = readSchemes(document);
  const isPublic = (operation: Operation) =>
    operation.security === undefined ||
    operation.security.length === 0 ||
    operation.security.some((requirement) => Object.keys(requirement).length === 0);
  const requirementsOf = (operation: Operation) =>
    (operation.security ?? []).map((requirement) => Object.keys(requirement).sort());

  const guarded = operations.filter((operation) => !isPublic(operation));
  const candidates = new Map<string, string[]>();
  for (const operation of guarded) {
    for (const names of requirementsOf(operation)) {
      if (names.every((name) => schemes.get(name) && !schemes.get(name)!.unsupported)) {
        candidates.set(names.join('+'), names);
      }
    }
  }
  const accepts = (carried: string[], operation: Operation) =>
    requirementsOf(operation).some((names) => names.every((name) => carried.includes(name)));
  const coverage = (names: string[]) =>
    guarded.filter((operation) => accepts(names, operation)).length;
  const rankOf = (names: string[]) => Math.max(...names.map((name) => schemes.get(name)!.rank));
  const scored = [...candidates.values()].map((names) => ({
    names,
    covered: coverage(names),
    rank: rankOf(names),
  }));
  const most = Math.max(0, ...scored.map((candidate) => candidate.covered));
  const chosen = scored
    .filter((candidate) => candidate.covered * 2 >= most)
    .sort(
      (a, b) => a.rank - b.rank || b.covered - a.covered || a.names.length - b.names.length,
    )[0]?.names;

  const summaries: SecuritySchemeSummary[] = [...schemes.values()].map((scheme) => ({
    name: scheme.name,
    description: scheme.description,
    operations: guarded.filter((operation) =>
      requirementsOf(operation).some((names) => names.includes(scheme.name)),
    ).length,
    usedByTenants: chosen?.includes(scheme.name) ?? false,
    ...(chosen?.includes(scheme.name)
      ? { env: [envName('A', scheme.name), envName('B', scheme.name)] as [string, string] }
      : {}),
    ...(scheme.unsupported ? { unsupported: scheme.unsupported } : {}),
  }));

  let tenants: Record<string, Tenant> | undefined;
  if (chosen) {
    tenants = {};
    for (const [index, tenantName] of TENANT_NAMES.entries()) {
      const tenant: Tenant = { headers: {} };
      for (const name of chosen)
        schemes.get(name)!.place(tenant, envName(index === 0 ? 'A' : 'B', name));
      tenants[tenantName] = tenant;
    }
  }

  const describe = (names: string[]) =>
    names
      .map((name) => `${name} (${schemes.get(name)?.description ?? 'not declared'})`)
      .join(' + ');
  return {
    schemes: summaries,
    tenants,
    isPublic,
    missingCredentials(operation) {
      if (isPublic(operation) || (chosen && accepts(chosen, operation))) return undefined;
      const needs = requirementsOf(operation).map(describe).join(' or ');
      return chosen
        ? `needs ${needs}; the draft's tenants carry ${describe(chosen)}`
        : `needs ${needs}, which the draft cannot write credentials for`;
    },
  };
}

/** `TENANT_A_API_KEY` for scheme `apiKey`. */
function envName(tenant: 'A' | 'B', scheme: string): string {
  const snake = scheme
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return `TENANT_${tenant}_${snake || 'CREDENTIAL'}`;
}

function readSchemes(document: Json): Map<string, Scheme> {
  const components = isObject(document.components) ? document.components : {};
  const declared = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const schemes = new Map<string, Scheme>();
  for (const [name, raw] of Object.entries(declared)) {
    if (isObject(raw)) schemes.set(name, toScheme(name, raw));
  }
  return schemes;
}

function toScheme(name: string, raw: Json): Scheme {
  const type = typeof raw.type === 'string' ? raw.type : 'unknown';
  const bearer = (rank: number, description: string): Scheme => ({
    name,
    description,
    rank,
    place: (tenant, env) => {
      tenant.headers.Authorization = `Bearer \${${env}}`;
    },
  });
  if (type === 'http') {
    const scheme = typeof raw.scheme === 'string' ? raw.scheme.toLowerCase() : '';
    if (scheme === 'bearer') return bearer(0, 'http bearer');
    if (scheme === 'basic') {
      return {
        name,
        description: 'http basic',
        rank: 2,
        place: (tenant, env) => {
          tenant.headers.Authorization = `Basic \${${env}}`;
        },
      };
    }
    return unsupported(
      name,
      `http ${scheme || '(no scheme)'}`,
      'only the bearer and basic http schemes are written',
    );
  }
  if (type === 'oauth2' || type === 'openIdConnect')
    return bearer(1, `${type} (a bearer access token)`);
  if (type === 'apiKey' && typeof raw.name === 'string') {
    const parameter = raw.name;
    if (raw.in === 'header') {
      return {
        name,
        description: `apiKey in header ${parameter}`,
        rank: 0,
        place: (tenant, env) => {
          tenant.headers[parameter] = `\${${env}}`;
        },
      };
    }
    if (raw.in === 'query') {
      return {
        name,
        description: `apiKey in query parameter ${parameter}`,
        rank: 2,
        place: (tenant, env) => {
          tenant.query = { ...tenant.query, [parameter]: `\${${env}}` };
        },
      };
    }
    if (raw.in === 'cookie') {
      return {
        name,
        description: `apiKey in cookie ${parameter}`,
        rank: 3,
        place: (tenant, env) => {
          const cookie = `${parameter}=\${${env}}`;
          tenant.headers.Cookie = tenant.headers.Cookie
            ? `${tenant.headers.Cookie}; ${cookie}`
            : cookie;
        },
      };
    }
  }
  return unsupported(name, type, `${type} credentials cannot be written as headers`);
}

function unsupported(name: string, description: string, reason: string): Scheme {
  return { name, description, rank: 9, unsupported: reason, place: () => undefined };
}
