import {
  AUTH_SCHEMES,
  authToTenants,
  EMPTY_AUTH,
  emptyIdentity,
  type AuthFormValues,
  type IdentityFormValues,
} from './auth-to-tenants';
import {
  FORM_METHODS,
  formToConfig,
  type FormMethod,
  type RouteFormValues,
  type TargetFormValues,
} from './form-to-config';
import { deepEqual, isPlainObject, keptPaths } from './merge-kept';

type Plain = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
const record = (value: unknown): Plain => (isPlainObject(value) ? value : {});

function fromBase64(encoded: string): string {
  try {
    const binary = atob(encoded);
    return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return '';
  }
}

/** One identity read back from its single header, under the scheme that header suggests. */
function readIdentity(
  name: string,
  headers: Plain,
): { auth: AuthFormValues; identity: IdentityFormValues } | undefined {
  const entries = Object.entries(headers);
  if (entries.length !== 1) return undefined;
  const [header, raw] = entries[0]!;
  const value = text(raw);
  const identity = emptyIdentity(name);
  const auth = (scheme: AuthFormValues['scheme'], headerName = EMPTY_AUTH.headerName) => ({
    ...EMPTY_AUTH,
    scheme,
    headerName,
  });
  if (/^authorization$/i.test(header) && /^Bearer /.test(value)) {
    return { auth: auth('bearer'), identity: { ...identity, secret: value.slice(7) } };
  }
  if (/^authorization$/i.test(header) && /^Basic /.test(value)) {
    const decoded = fromBase64(value.slice(6));
    const colon = decoded.indexOf(':');
    const [username, password] =
      colon === -1 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
    return { auth: auth('basic'), identity: { ...identity, username, password } };
  }
  if (/^cookie$/i.test(header)) {
    return { auth: auth('cookie'), identity: { ...identity, secret: value } };
  }
  return { auth: auth('api-key', header), identity: { ...identity, secret: value } };
}

/**
 * The form's Authentication section for `target.tenants`, when the form can say it (one or two
 * tenants, one header each, the same scheme); otherwise none, and the tenants are kept as
 * written (see `merge-kept.ts`).
 */
export function tenantsToAuth(tenants: unknown): AuthFormValues {
  const entries = Object.entries(record(tenants));
  if (entries.length < 1 || entries.length > 2) return EMPTY_AUTH;
  const read = entries.map(([name, tenant]) => readIdentity(name, record(record(tenant).headers)));
  const first = read[0];
  if (!first || read.some((item) => !item || item.auth.headerName !== first.auth.headerName)) {
    return EMPTY_AUTH;
  }
  const identities = read.map((item) => item!.identity);
  const auth: AuthFormValues = {
    ...first.auth,
    identities: [identities[0]!, identities[1] ?? emptyIdentity('bob')],
    secondIdentity: identities.length === 2,
  };
  return AUTH_SCHEMES.includes(auth.scheme) && deepEqual(authToTenants(auth), tenants)
    ? auth
    : EMPTY_AUTH;
}

function routeToForm(route: Plain): RouteFormValues {
  const resource = record(route.resource);
  const method = text(route.method) as FormMethod;
  return {
    id: text(route.id),
    method: FORM_METHODS.includes(method) ? method : 'GET',
    path: text(route.path),
    body: route.body === undefined ? '' : JSON.stringify(route.body, null, 2),
    maxBodyBytes: text(route.maxBodyBytes),
    idPath: text(resource.idPath),
    readPath: text(record(resource.read).path),
    rateLimitExpected: record(route.rateLimit).expected === true,
  };
}

export interface ConfigToFormResult {
  values: TargetFormValues;
  /** What the form cannot show (or shows only in part), kept as the YAML has it. */
  kept: string[];
}

/**
 * The form's values for a valid config document (as the YAML holds it, before defaults), each
 * part carrying its source so that `formToConfig` gives the same document back.
 */
export function configToForm(document: Plain): ConfigToFormResult {
  const target = record(document.target);
  const routes = Array.isArray(document.routes) ? document.routes.map(record) : [];
  const plain: TargetFormValues = {
    name: text(target.name),
    baseUrl: text(target.baseUrl),
    routes: routes.map(routeToForm),
    auth: tenantsToAuth(target.tenants),
  };
  const built = formToConfig(plain);
  if (!built.ok) return { values: plain, kept: [] };
  const builtRoutes = built.document.routes as Plain[];
  const { routes: _routes, ...builtTop } = built.document;
  const { routes: _originalRoutes, ...originalTop } = document;
  const kept = [
    ...keptPaths(originalTop, builtTop),
    ...routes.flatMap((route, index) =>
      keptPaths(route, builtRoutes[index]).map((path) => `routes[${index}].${path}`),
    ),
  ];
  return {
    values: {
      ...plain,
      source: { original: document, built: builtTop },
      routes: plain.routes.map((route, index) => ({
        ...route,
        source: { original: routes[index]!, built: builtRoutes[index]! },
      })),
    },
    kept,
  };
}
