import type { ConfigIssue } from '@shakedown/core/config';

import { authToTenants, EMPTY_AUTH, type AuthFormValues } from './auth-to-tenants';

export const FORM_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;
export type FormMethod = (typeof FORM_METHODS)[number];

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
}

export interface TargetFormValues {
  name: string;
  baseUrl: string;
  routes: RouteFormValues[];
  /** Credentials: one identity, or two (another customer's) for the tenant-isolation probes. */
  auth: AuthFormValues;
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
    return document;
  });
  const target: Record<string, unknown> = {
    name: values.name.trim(),
    baseUrl: values.baseUrl.trim().replace(/\/+$/, ''),
  };
  const tenants = authToTenants(values.auth);
  if (tenants) target.tenants = tenants;
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, document: { version: 1, target, routes } };
}
