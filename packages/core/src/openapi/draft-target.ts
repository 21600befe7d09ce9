import { asArray, isObject, scalarText, type Json } from './json';

export const PLACEHOLDER_BASE_URL = 'https://api.example.com';

/**
 * The base URL: the option, else the document's first server with its variables' defaults. A
 * relative server URL (`/`, `/v2`) resolves against `documentUrl`, where the document was
 * downloaded from, as OpenAPI says; with no server at all, that is the URL's origin (`/`).
 */
export function draftBaseUrl(
  document: Json,
  { baseUrl: override, documentUrl }: { baseUrl?: string; documentUrl?: string },
): { baseUrl: string; warning?: string } {
  if (override !== undefined) return { baseUrl: override.replace(/\/+$/, '') };
  const server = asArray(document.servers)[0];
  if (!isObject(server) || typeof server.url !== 'string') {
    const origin = documentUrl === undefined ? undefined : resolveServer('/', documentUrl);
    if (origin !== undefined) {
      return {
        baseUrl: origin,
        warning: `the document names no server: target.baseUrl is ${origin}, where the document is served; check it`,
      };
    }
    return {
      baseUrl: PLACEHOLDER_BASE_URL,
      warning: `the document names no server: set target.baseUrl (now ${PLACEHOLDER_BASE_URL})`,
    };
  }
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return (isObject(variable) ? scalarText(variable.default) : undefined) ?? whole;
  });
  if (!/^https?:\/\/[^/{}]+/.test(url)) {
    const resolved = documentUrl === undefined ? undefined : resolveServer(url, documentUrl);
    if (resolved !== undefined) return { baseUrl: resolved };
    return {
      baseUrl: PLACEHOLDER_BASE_URL,
      warning: `servers[0].url "${server.url}" is not an absolute http(s) URL: set target.baseUrl (now ${PLACEHOLDER_BASE_URL})`,
    };
  }
  return { baseUrl: url.replace(/[?#].*$/, '').replace(/\/+$/, '') };
}

/** A relative server URL against the document's own URL; undefined unless it makes an http(s) URL. */
function resolveServer(server: string, documentUrl: string): string | undefined {
  if (/[{}]/.test(server) || /^[a-z][a-z0-9+.-]*:/i.test(server)) return undefined;
  try {
    const url = new URL(server, documentUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/** A target name the config accepts, from the option or `info.title`. */
export function draftName(document: Json, override: string | undefined): string {
  const title =
    override ?? (isObject(document.info) ? (scalarText(document.info.title) ?? '') : '');
  const cleaned = title
    .replace(/[^A-Za-z0-9 ._-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100)
    .trim();
  return cleaned === '' ? 'imported-api' : cleaned;
}

/** A route id the config accepts: the operationId, else `post-things-by-id`. */
export function routeIdFor(
  operationId: string | undefined,
  method: string,
  path: string,
  taken: Set<string>,
): string {
  const fromOperation = (operationId ?? '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const slug = path
    .replace(/\{[^}]+\}/g, 'by-id')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const base = (fromOperation || `${method.toLowerCase()}-${slug || 'root'}`).slice(0, 90);
  let candidate = base;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${base}-${n}`;
  taken.add(candidate);
  return candidate;
}

/** `orgId` → `ORG_ID`: the environment variable that names an existing parent object. */
export function parentEnvName(parameter: string): string {
  const snake = parameter
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z_]/.test(snake) ? snake : `P_${snake}`;
}
