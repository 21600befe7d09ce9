import type { ConfigIssue } from '@shakedown/core/config';

import { authToTenants, EMPTY_AUTH, type AuthFormValues } from './auth-to-tenants';
import { mergeKept } from './merge-kept';

export const FORM_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;
export type FormMethod = (typeof FORM_METHODS)[number];

/**
 * Where form values came from, when the YAML filled them in: the YAML's part (`original`) and
 * what the form built from it before any edit (`built`). `formToConfig` merges the form's
 * changes into `original`, so what the form has no field for is kept (see `merge-kept.ts`).
 */
export interface FormSource {
  original: Record<string, unknown>;
  built: Record<string, unknown>;
}

/** One route as the "register a target" form edits it. */
export interface RouteFormValues {
  id: string;
  method: FormMethod;
  path: string;
  /** A valid sample body, as JSON text; empty for none. */
  body: string;
  /** e.g. `16KB`; empty for the default (1 MB). */
  maxBodyBytes: string;
  /** JSON Pointer to the created id, e.g. `/id`; empty when the route creates nothing. */
  idPath: string;
  /** e.g. `/orders/{id}`; empty when there is no read-back. */
  readPath: string;
  rateLimitExpected: boolean;
  source?: FormSource;
}

export interface TargetFormValues {
  name: string;
  baseUrl: string;
  routes: RouteFormValues[];
  /** Credentials: one identity, or two (another customer's) for the tenant-isolation probes. */
  auth: AuthFormValues;
  /** The YAML document without its routes (each route keeps its own source). */
  source?: FormSource;
}

export const emptyRoute = (index: number): RouteFormValues => ({
  id: index === 0 ? 'create-item' : `route-${index + 1}`,
  method: 'POST',
  path: '',
  body: '',
  maxBodyBytes: '',
  idPath: '',
  readPath: '',
  rateLimitExpected: false,
});

export const EMPTY_TARGET_FORM: TargetFormValues = {
  name: '',
  baseUrl: '',
  routes: [emptyRoute(0)],
  auth: EMPTY_AUTH,
};

export type FormToConfigResult =
  { ok: true; document: Record<string, unknown> } | { ok: false; issues: ConfigIssue[] };

/**
 * The config document (docs/spec/config.md) the form describes, as written: core's schema
 * validates it afterwards. Only what the form itself cannot express (a body that is not JSON)
 * is an issue here.
 */
export function formToConfig(values: TargetFormValues): FormToConfigResult {
  const issues: ConfigIssue[] = [];
  const routes = values.routes.map((route, index) => {
    const document: Record<string, unknown> = {
      id: route.id.trim(),
      method: route.method,
      path: route.path.trim(),
    };
    if (route.body.trim() !== '') {
      try {
        document.body = JSON.parse(route.body) as unknown;
      } catch {
        issues.push({ path: `routes[${index}].body`, message: 'must be valid JSON' });
      }
    }
    if (route.maxBodyBytes.trim() !== '') document.maxBodyBytes = route.maxBodyBytes.trim();
    if (route.idPath.trim() !== '') {
      const resource: Record<string, unknown> = { idPath: route.idPath.trim() };
      if (route.readPath.trim() !== '') {
        resource.read = { method: 'GET', path: route.readPath.trim() };
      }
      document.resource = resource;
    }
    if (route.rateLimitExpected) document.rateLimit = { expected: true };
    return withSource(route.source, document);
  });
  const target: Record<string, unknown> = {
    name: values.name.trim(),
    baseUrl: values.baseUrl.trim().replace(/\/+$/, ''),
  };
  const tenants = authToTenants(values.auth);
  if (tenants) target.tenants = tenants;
  if (issues.length > 0) return { ok: false, issues };
  const top = withSource(values.source, { version: 1, target });
  // The routes go back where the YAML had them; the rest in the YAML's order.
  const order = values.source ? Object.keys(values.source.original) : ['version', 'target'];
  const document: Record<string, unknown> = {};
  for (const key of [...order, 'routes', ...Object.keys(top)]) {
    if (key === 'routes') document.routes = routes;
    else if (key in top) document[key] = top[key];
  }
  return { ok: true, document };
}

function withSource(
  source: FormSource | undefined,
  built: Record<string, unknown>,
): Record<string, unknown> {
  return source
    ? (mergeKept(source.original, source.built, built) as Record<string, unknown>)
    : built;
}
