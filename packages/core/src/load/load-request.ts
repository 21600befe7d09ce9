import type { Dispatcher } from 'undici';

import type { Config, Load } from '../config/config.schema';
import type { ExchangeRequest } from '../report/report.schema';

export const PREVIEW_BYTES = 2048;
const USER_AGENT = 'shakedown-load/1';
const SECRET_HEADER = /authorization|cookie|token|secret|key|session|password|signature|auth/i;

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
  const tenantHeaders = tenant?.headers ?? {};
  const merged = new Map<string, { name: string; value: string; isSecret: boolean }>();
  for (const [name, value] of Object.entries(tenantHeaders)) {
    merged.set(name.toLowerCase(), { name, value, isSecret: true });
  }
  for (const [name, value] of Object.entries(route.headers ?? {})) {
    merged.set(name.toLowerCase(), { name, value, isSecret: SECRET_HEADER.test(name) });
  }
  const body = route.body === undefined ? null : Buffer.from(JSON.stringify(route.body));
  if (body && !merged.has('content-type')) {
    merged.set('content-type', {
      name: 'content-type',
      value: 'application/json',
      isSecret: false,
    });
  }
  if (!merged.has('user-agent')) {
    merged.set('user-agent', { name: 'user-agent', value: USER_AGENT, isSecret: false });
  }
  const headers: string[] = [];
  const shown: Record<string, string> = {};
  for (const { name, value, isSecret } of merged.values()) {
    headers.push(name, value);
    shown[name] = isSecret ? '***' : value;
  }
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
      headers: shown,
      ...(body ? previewBody(body) : {}),
    },
  };
}

/** A body as evidence: at most 2 KB of text, and the full size when it was cut. */
export function previewBody(body: Buffer): { bodyPreview: string; bodyBytes?: number } {
  if (body.length <= PREVIEW_BYTES) return { bodyPreview: body.toString('utf8') };
  return { bodyPreview: body.subarray(0, PREVIEW_BYTES).toString('utf8'), bodyBytes: body.length };
}
