import { fetch, type Dispatcher, type Response } from 'undici';

import { createGuardedDispatcher } from './guarded-connector';
import { NetworkPolicyError, type NetworkPolicy } from './network-policy';
import { checkUrl } from './url-check';

/** What downloading a document may take: the whole of it, each connect, the hops, the bytes. */
export interface DocumentFetchLimits {
  /** Everything: every hop's connect, answer and body (10 s). */
  totalMs: number;
  /** One connection (5 s). */
  connectMs: number;
  /** Redirects followed, each one checked again (5). */
  maxRedirects: number;
  /** Bytes read; the body is read as it arrives and reading stops past this. */
  maxBytes: number;
}

export const DOCUMENT_FETCH_LIMITS: DocumentFetchLimits = {
  totalMs: 10_000,
  connectMs: 5_000,
  maxRedirects: 5,
  maxBytes: 2 * 1024 * 1024,
};

/** Why a document could not be downloaded: each maps to one error code of the contract. */
export type DocumentFetchRefusalCode =
  | 'url_not_allowed'
  | 'host_not_found'
  | 'host_unreachable'
  | 'document_too_large'
  | 'document_fetch_failed';

export type DocumentFetchResult =
  | {
      ok: true;
      text: string;
      /** The URL the document came from, after redirects: relative `servers` resolve against it. */
      url: string;
      bytes: number;
    }
  | {
      ok: false;
      code: DocumentFetchRefusalCode;
      message: string;
      /** The URL that failed (a redirect's target, when it was one). */
      url: string;
      /** The upstream answer's status, when there was one. */
      status?: number;
    };

type Refusal = Extract<DocumentFetchResult, { ok: false }>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

class Deadline extends Error {}

const dispatchers = new WeakMap<NetworkPolicy, Map<number, Dispatcher>>();

function dispatcherFor(policy: NetworkPolicy, connectMs: number): Dispatcher {
  const byTimeout = dispatchers.get(policy) ?? new Map<number, Dispatcher>();
  dispatchers.set(policy, byTimeout);
  let dispatcher = byTimeout.get(connectMs);
  if (!dispatcher) {
    dispatcher = createGuardedDispatcher(policy, { timeout: connectMs });
    byTimeout.set(connectMs, dispatcher);
  }
  return dispatcher;
}

/**
 * Downloads a customer's document (the OpenAPI document a draft is made from) through the SSRF
 * guard: every hop's URL is checked (`checkUrl`: http(s), a host that resolves, only to allowed
 * addresses) and its connection again after DNS; redirects are followed by hand, at most
 * `maxRedirects`, each checked like the first; the body is read as it arrives and reading stops
 * at `maxBytes`; all of it within `totalMs`. Never throws: every failure is a refusal with its
 * code and a message naming the URL and the problem.
 */
export async function fetchDocument(
  url: string,
  policy: NetworkPolicy,
  limits: DocumentFetchLimits = DOCUMENT_FETCH_LIMITS,
): Promise<DocumentFetchResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Deadline()), limits.totalMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const refusal = await beforeDeadline(checkUrl(current, policy), controller.signal);
      if (refusal) return { ok: false, code: refusal.code, message: refusal.message, url: current };
      const response = await fetch(current, {
        redirect: 'manual',
        signal: controller.signal,
        dispatcher: dispatcherFor(policy, limits.connectMs),
        headers: { accept: 'application/json, application/yaml, text/yaml, */*;q=0.5' },
      });
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location !== null) {
        await response.body?.cancel().catch(() => undefined);
        if (hop >= limits.maxRedirects) {
          return failed(current, `redirected more than ${limits.maxRedirects} times`);
        }
        current = new URL(location, current).href;
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => undefined);
        return {
          ...failed(current, `the server answered ${response.status}`),
          status: response.status,
        };
      }
      return await readBody(response, current, limits.maxBytes);
    }
  } catch (error) {
    return refusalOf(error, current, limits);
  } finally {
    clearTimeout(timer);
  }
}

/** DNS is not bound by the fetch's signal: the name's check counts against the same deadline. */
function beforeDeadline<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function failed(url: string, why: string): Refusal {
  return {
    ok: false,
    code: 'document_fetch_failed',
    message: `${url} could not be downloaded: ${why}`,
    url,
  };
}

function tooLarge(url: string, maxBytes: number, declared?: number): Refusal {
  const size =
    declared === undefined
      ? `larger than ${maxBytes} bytes (reading stopped there)`
      : `${declared} bytes; the limit is ${maxBytes}`;
  return {
    ok: false,
    code: 'document_too_large',
    message: `the document at ${url} is ${size}`,
    url,
  };
}

async function readBody(
  response: Response,
  url: string,
  maxBytes: number,
): Promise<DocumentFetchResult> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return tooLarge(url, maxBytes, declared);
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  if (response.body) {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      // Past the cap: stop reading; leaving the loop cancels the stream and closes the connection.
      if (bytes > maxBytes) return tooLarge(url, maxBytes);
      chunks.push(chunk);
    }
  }
  const text = new TextDecoder('utf-8').decode(Buffer.concat(chunks));
  return { ok: true, text, url, bytes };
}

function refusalOf(error: unknown, url: string, limits: DocumentFetchLimits): Refusal {
  if (error instanceof Deadline || (error as Error | null)?.name === 'AbortError') {
    return failed(url, `no complete answer within ${limits.totalMs / 1000} s`);
  }
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  if (cause instanceof Deadline) {
    return failed(url, `no complete answer within ${limits.totalMs / 1000} s`);
  }
  if (cause instanceof NetworkPolicyError) {
    return { ok: false, code: 'url_not_allowed', message: cause.message, url };
  }
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    const why =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? `no connection within ${limits.connectMs / 1000} s`
        : code;
    return {
      ok: false,
      code: 'host_unreachable',
      message: `${new URL(url).host} could not be reached (${why})`,
      url,
    };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return failed(url, message);
}
