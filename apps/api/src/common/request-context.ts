import type { Role } from '@shakedown/core/contract';
import type { Request } from 'express';

/** Who is calling: a signed-in user (cookie session) or an organisation's API key. */
export type Principal =
  | {
      kind: 'session';
      userId: string;
      sessionId: string;
      email: string;
      csrfSecret: string;
      expiresAt: Date;
    }
  | { kind: 'apiKey'; apiKeyId: string; orgId: string; role: Role };

/** What guards established about a request; controllers pass it to services. */
export interface RequestContext {
  principal: Principal;
  /** The organisation the request acts in (org-scoped endpoints only). */
  orgId: string;
  role: Role;
  ip: string;
  requestId: string;
  userAgent: string | null;
}

/** The context of a request that needs a signed-in user but no organisation. */
export interface UserContext {
  userId: string;
  sessionId: string;
  email: string;
  csrfSecret: string;
  expiresAt: Date;
  ip: string;
  requestId: string;
  userAgent: string | null;
}

export interface ContextualRequest extends Request {
  principal?: Principal;
  orgContext?: { orgId: string; role: Role };
}

export function actorOf(ctx: RequestContext): {
  actorUserId: string | null;
  actorApiKeyId: string | null;
} {
  return ctx.principal.kind === 'session'
    ? { actorUserId: ctx.principal.userId, actorApiKeyId: null }
    : { actorUserId: null, actorApiKeyId: ctx.principal.apiKeyId };
}

export function requestIdOfRequest(request: ContextualRequest): string {
  const id = request.id as unknown;
  if (typeof id === 'string' || typeof id === 'number') return String(id);
  const header = request.res?.getHeader('X-Request-Id');
  return typeof header === 'string' ? header : 'unknown';
}
