import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiKeyRepository, isUuid, OrgRepository, SessionRepository } from '@shakedown/db';
import { ErrorCode, hasRole, type Role } from '@shakedown/core/contract';

import { csrfTokenOf, parseCookies, safeEqual, SESSION_COOKIE, sha256 } from '../auth/tokens';
import { ApiError, forbidden, notFound } from './api-error';
import { ApiKeyCache, type CachedKey } from './api-key-cache';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { endpointOf } from './endpoint';
import type { ContextualRequest, Principal } from './request-context';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_EVERY_MS = 60_000;

/**
 * When this process last recorded use of a key or session: the database keeps "last used"
 * to the minute, so most authenticated reads need no write round trip at all.
 */
class TouchThrottle {
  private readonly touched = new Map<string, number>();

  isDue(id: string, now = Date.now()): boolean {
    const last = this.touched.get(id);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return false;
    if (this.touched.size > 50_000) this.touched.clear();
    this.touched.set(id, now);
    return true;
  }
}

function unauthenticated(message: string): ApiError {
  return new ApiError(401, ErrorCode.unauthenticated, message, undefined, {
    'WWW-Authenticate': 'Bearer realm="shakedown"',
  });
}

/**
 * Fail-closed access check of every route: who is calling (a session cookie or an API key),
 * CSRF for cookie-authenticated writes, which organisation the request acts in (the key's, or
 * `X-Org-Id` for sessions) and whether the caller's role there is enough. Failed
 * authentications are limited per address before the database is asked (AuthFailureLimiter).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly touches = new TouchThrottle();

  constructor(
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(ApiKeyRepository) private readonly apiKeys: ApiKeyRepository,
    @Inject(OrgRepository) private readonly orgs: OrgRepository,
    @Inject(ApiKeyCache) private readonly keyCache: ApiKeyCache,
    @Inject(AuthFailureLimiter) private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const spec = endpointOf(context);
    if (!spec) throw new Error(`route without an endpoint spec: ${context.getHandler().name}`);
    if (spec.access === 'public') return true;
    const request = context.switchToHttp().getRequest<ContextualRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;
    if (principal.kind === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenOf(principal.csrfSecret))) {
        throw new ApiError(
          403,
          ErrorCode.csrfFailed,
          'cookie-authenticated writes need the X-CSRF-Token header from GET /auth/session',
        );
      }
    }
    if (spec.access === 'user') {
      if (principal.kind !== 'session')
        throw forbidden('this endpoint needs a signed-in user, not an API key');
      return true;
    }
    request.orgContext = await this.resolveOrg(request, principal);
    if (!hasRole(request.orgContext.role, spec.access)) {
      throw forbidden(
        `this needs the ${spec.access} role or higher; you are ${request.orgContext.role}`,
      );
    }
    return true;
  }

  private async authenticate(request: ContextualRequest): Promise<Principal> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(authorization.trim());
      if (!match?.[1]) throw unauthenticated('Authorization must be "Bearer <API key>"');
      const hash = sha256(match[1]);
      let key = this.keyCache.get(hash);
      if (!key) {
        key = await this.failures.guard(request.ip ?? 'unknown', () => this.lookUpKey(hash));
        this.keyCache.set(hash, key);
      }
      if (this.touches.isDue(key.apiKeyId))
        await this.apiKeys.touchLastUsed(key.orgId, key.apiKeyId);
      return { kind: 'apiKey', apiKeyId: key.apiKeyId, orgId: key.orgId, role: key.role };
    }
    const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (!token) throw unauthenticated('sign in, or send an API key as Authorization: Bearer');
    const session = await this.failures.guard(request.ip ?? 'unknown', async () => {
      const found = await this.sessions.findActiveByTokenHash(sha256(token));
      if (!found) throw unauthenticated('the session has expired or was revoked; sign in again');
      return found;
    });
    if (this.touches.isDue(session.id)) await this.sessions.touch(session.userId, session.id);
    return {
      kind: 'session',
      userId: session.userId,
      sessionId: session.id,
      email: session.user.email,
      csrfSecret: session.csrfSecret,
      expiresAt: session.expiresAt,
    };
  }

  /** The key's role is the lesser of its own and its creator's current role. */
  private async lookUpKey(hash: string): Promise<CachedKey> {
    const found = await this.apiKeys.unsafeFindActiveByHash(hash);
    // A key whose creator left the organisation is revoked; until then it is refused too.
    if (!found || found.creatorRole === null) {
      throw unauthenticated('the API key is unknown or revoked');
    }
    const { key, creatorRole } = found;
    return {
      apiKeyId: key.id,
      orgId: key.orgId,
      role: hasRole(key.role, creatorRole) ? creatorRole : key.role,
      createdById: key.createdById,
    };
  }

  private async resolveOrg(
    request: ContextualRequest,
    principal: Principal,
  ): Promise<{ orgId: string; role: Role }> {
    if (principal.kind === 'apiKey') return { orgId: principal.orgId, role: principal.role };
    const header = request.headers['x-org-id'];
    if (typeof header === 'string' && header !== '') {
      // Not a member and no such organisation look the same: a 404 either way.
      if (!isUuid(header)) throw notFound('organisation (X-Org-Id)');
      const membership = await this.orgs.findMembership(header.toLowerCase(), principal.userId);
      if (!membership) throw notFound('organisation (X-Org-Id)');
      return { orgId: membership.orgId, role: membership.role };
    }
    const memberships = await this.orgs.listMembershipsOfUser(principal.userId);
    const [only, ...others] = memberships;
    if (only && others.length === 0) return { orgId: only.orgId, role: only.role };
    throw new ApiError(
      400,
      ErrorCode.orgRequired,
      memberships.length === 0
        ? 'you belong to no organisation yet: create one with POST /orgs'
        : 'you belong to several organisations: say which with the X-Org-Id header',
    );
  }
}
