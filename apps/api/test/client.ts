import { ErrorBodySchema } from '@shakedown/core/contract';
import { randomBytes } from 'node:crypto';

import type { TestApi } from './harness';

export interface Answer<Body = unknown> {
  status: number;
  headers: Headers;
  body: Body;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (no JSON encoding), e.g. malformed JSON. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

/** How a test calls the API: as a signed-in user (cookie + CSRF + org) or with an API key. */
export interface Caller {
  headers(method: string): Record<string, string>;
}

export const anonymous: Caller = { headers: () => ({}) };

export function keyCaller(key: string): Caller {
  return { headers: () => ({ Authorization: `Bearer ${key}` }) };
}

export class SessionCaller implements Caller {
  constructor(
    readonly cookie: string,
    readonly csrfToken: string,
    readonly userId: string,
    readonly email: string,
    public orgId?: string,
  ) {}

  headers(method: string): Record<string, string> {
    return {
      Cookie: this.cookie,
      ...(method === 'GET' ? {} : { 'X-CSRF-Token': this.csrfToken }),
      ...(this.orgId ? { 'X-Org-Id': this.orgId } : {}),
    };
  }

  inOrg(orgId: string): SessionCaller {
    return new SessionCaller(this.cookie, this.csrfToken, this.userId, this.email, orgId);
  }
}

export async function call<Body = unknown>(
  api: TestApi,
  caller: Caller,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Answer<Body>> {
  const headers: Record<string, string> = { ...caller.headers(method), ...options.headers };
  let body: string | Buffer | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(`${api.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as Body, text };
}

export const PASSWORD = 'tidal-copper-orchard-51';

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.test`;
}

/** Signs up a new user and returns a caller with its cookie and CSRF token. */
export async function signUp(api: TestApi, email = uniqueEmail()): Promise<SessionCaller> {
  const answer = await call<{ csrfToken: string; user: { id: string } }>(
    api,
    anonymous,
    'POST',
    '/auth/sign-up',
    {
      body: { email, name: 'Test User', password: PASSWORD },
    },
  );
  if (answer.status !== 201) throw new Error(`sign-up answered ${answer.status}: ${answer.text}`);
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return new SessionCaller(cookie, answer.body.csrfToken, answer.body.user.id, email);
}

/** A user who owns a fresh organisation, acting in it. */
export async function signUpWithOrg(api: TestApi, name = 'Acme'): Promise<SessionCaller> {
  const user = await signUp(api);
  const org = await call<{ id: string }>(api, user, 'POST', '/orgs', { body: { name } });
  if (org.status !== 201) throw new Error(`POST /orgs answered ${org.status}: ${org.text}`);
  return user.inOrg(org.body.id);
}

/**
 * The status and code of an error answer, after checking the one error shape: the body parses
 * with the contract's schema, `X-Request-Id` matches `requestId`, and nothing looks like a
 * stack trace. Throws (failing the test) when the shape is broken.
 */
export function errorOf(answer: Answer): { status: number; code: string } {
  const parsed = ErrorBodySchema.safeParse(answer.body);
  if (!parsed.success) {
    throw new Error(`not the error shape (${answer.status}): ${answer.text.slice(0, 500)}`);
  }
  if (answer.headers.get('x-request-id') !== parsed.data.error.requestId) {
    throw new Error('X-Request-Id does not match error.requestId');
  }
  if (/\bat .+\.(js|ts):\d+|node_modules/.test(answer.text)) {
    throw new Error(`an error answer leaks a stack trace: ${answer.text.slice(0, 500)}`);
  }
  return { status: answer.status, code: parsed.data.error.code };
}
