import type { Dispatcher } from 'undici';

import type { Config, Load } from '../config/config.schema';
import { previewBody, SecretMasker } from '../http/evidence';
import type { ExchangeRequest } from '../report/report.schema';

const USER_AGENT = 'shakedown-load/1';

/** The one request a load stage repeats, built once: the hot path only hands it to undici. */
export interface LoadRequest {
  origin: string;
  /** Base path of `target.baseUrl` + the route's path. */
  path: string;
  url: string;
  method: Dispatcher.HttpMethod;
  body: Buffer | null;
  /** Reused for every request; undici copies what it needs. */
  dispatch: Dispatcher.DispatchOptions;
  /** For evidence: secrets from the config's headers masked. */
  evidence: ExchangeRequest;
  /** Masks the config's secrets in answers chosen as evidence. */
  masker: SecretMasker;
}

/**
 * Builds the load route's request: the first tenant's headers (the API's credentials, when the
 * config has tenants), then the route's own headers over them, and the route's sample body as
 * JSON.
 */
export function buildLoadRequest(config: Config, load: Load, timeoutMs: number): LoadRequest {
  const route = config.routes.find((candidate) => candidate.id === load.route);
  if (!route) throw new Error(`probes.load.route names no route: ${load.route}`);
  const base = new URL(config.target.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = `${basePath}${route.path}`;
  const tenant = Object.values(config.target.tenants ?? {})[0];
  const merged = new Map<string, [string, string]>();
  for (const [name, value] of Object.entries(tenant?.headers ?? {})) {
    merged.set(name.toLowerCase(), [name, value]);
  }
  for (const [name, value] of Object.entries(route.headers ?? {})) {
    merged.set(name.toLowerCase(), [name, value]);
  }
  const body = route.body === undefined ? null : Buffer.from(JSON.stringify(route.body));
  if (body && !merged.has('content-type')) {
    merged.set('content-type', ['content-type', 'application/json']);
  }
  if (!merged.has('user-agent')) merged.set('user-agent', ['user-agent', USER_AGENT]);
  const headers = [...merged.values()].flat();
  const masker = SecretMasker.forConfig(config);
  const url = `${base.origin}${path}`;
  return {
    origin: base.origin,
    path,
    url,
    method: route.method,
    body,
    dispatch: {
      origin: base.origin,
      path,
      method: route.method,
      headers,
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // No retries behind the engine's back: one iteration is one request on the wire.
      idempotent: false,
    },
    evidence: {
      method: route.method,
      url,
      headers: masker.maskHeaders(Object.fromEntries(merged.values())),
      ...(body ? previewBody(body, masker) : {}),
    },
    masker,
  };
}
