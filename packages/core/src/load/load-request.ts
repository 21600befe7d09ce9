import type { Dispatcher } from 'undici';

import type { Config, Load } from '../config/config.schema';
import { previewBody, SecretMasker } from '../http/evidence';
import type { ExchangeRequest } from '../report/report.schema';
import type { Http1Origin } from './http1-connection';

const USER_AGENT = 'shakedown-load/1';
/** Headers the engine frames itself on the wire; a config's own values are not sent. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

/** The one request a load stage repeats, built once: the hot path only writes it. */
export interface LoadRequest {
  origin: string;
  /** Where the engine's own connections go. */
  http1: Http1Origin;
  /** The whole request as bytes on the wire (request line, headers, body). */
  wire: Buffer;
  isHead: boolean;
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
  for (const [name, value] of merged.values()) {
    if (/[\r\n\0]/.test(value)) throw new Error(`header ${name} has a line break in its value`);
  }
  if (!/^[\x21-\x7e]+$/.test(path)) {
    throw new Error(`the load path ${JSON.stringify(path)} must be ASCII without spaces`);
  }
  const headers = [...merged.values()].flat();
  const masker = SecretMasker.forConfig(config);
  const url = `${base.origin}${path}`;
  const protocol = base.protocol === 'https:' ? 'https:' : 'http:';
  const port = base.port === '' ? (protocol === 'https:' ? 443 : 80) : Number(base.port);
  const lines = [`${route.method} ${path} HTTP/1.1`];
  if (!merged.has('host')) lines.push(`host: ${base.host}`);
  for (const [key, [name, value]] of merged) {
    if (!FRAMING_HEADERS.has(key)) lines.push(`${name}: ${value}`);
  }
  if (body || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(route.method)) {
    lines.push(`content-length: ${body?.length ?? 0}`);
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return {
    origin: base.origin,
    http1: { protocol, hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'), host: base.host, port },
    wire: body ? Buffer.concat([head, body]) : head,
    isHead: route.method === 'HEAD',
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
