import {
  hostnameOf,
  NetworkPolicyError,
  portOf,
  resolveAllowed,
  type NetworkPolicy,
} from './network-policy';

/** How long a URL's host may take to resolve before it counts as unreachable. */
export const URL_CHECK_TIMEOUT_MS = 5_000;

/** Why a URL the API was given cannot be used: each maps to one error code of the contract. */
export type UrlRefusal =
  /** 400: not http(s), or the host is or resolves to an address the deployment refuses. */
  | { code: 'url_not_allowed'; status: 400; message: string }
  /** 422: the host has no DNS answer (ENOTFOUND, ENODATA, no address). */
  | { code: 'host_not_found'; status: 422; message: string }
  /** 422: the resolver failed otherwise or did not answer within the timeout. */
  | { code: 'host_unreachable'; status: 422; message: string };

export interface UrlCheckOptions {
  timeoutMs?: number;
}

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA', 'NXDOMAIN']);

class ResolveTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ResolveTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks a target, webhook or verification URL before it is stored or used: http(s), a host
 * that resolves (through the policy's resolver, within `timeoutMs`), and only to addresses the
 * SSRF guard allows. Never throws for a resolution failure: every failure is a refusal with its
 * code and status, so no `getaddrinfo` error can reach the API's error filter as a 500. The
 * guard checks again on every connection (DNS rebinding); this is the early, clear answer.
 */
export async function checkUrl(
  url: string,
  policy: NetworkPolicy,
  options: UrlCheckOptions = {},
): Promise<UrlRefusal | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { code: 'url_not_allowed', status: 400, message: `${url} is not a valid URL` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return {
      code: 'url_not_allowed',
      status: 400,
      message: `${parsed.protocol} URLs are not allowed; use http:// or https://`,
    };
  }
  const hostname = hostnameOf(parsed);
  const timeoutMs = options.timeoutMs ?? URL_CHECK_TIMEOUT_MS;
  try {
    await withTimeout(resolveAllowed(hostname, portOf(parsed), policy), timeoutMs);
    return undefined;
  } catch (error) {
    return refusalOf(error, hostname, timeoutMs);
  }
}

function refusalOf(error: unknown, hostname: string, timeoutMs: number): UrlRefusal {
  if (error instanceof NetworkPolicyError) {
    if (error.address === '' && error.message.endsWith('has no address')) {
      return { code: 'host_not_found', status: 422, message: `${hostname} has no address` };
    }
    return { code: 'url_not_allowed', status: 400, message: error.message };
  }
  if (error instanceof ResolveTimeout) {
    return {
      code: 'host_unreachable',
      status: 422,
      message: `${hostname} did not resolve within ${timeoutMs / 1000} s`,
    };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NOT_FOUND_CODES.has(code)) {
    return {
      code: 'host_not_found',
      status: 422,
      message: `${hostname} has no DNS answer (${code})`,
    };
  }
  return {
    code: 'host_unreachable',
    status: 422,
    message: `${hostname} could not be resolved${typeof code === 'string' ? ` (${code})` : ''}`,
  };
}
