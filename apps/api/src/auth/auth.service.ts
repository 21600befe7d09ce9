import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AuditRepository,
  hashPassword,
  isUniqueViolation,
  OrgRepository,
  SessionRepository,
  UserRepository,
  verifyPassword,
  type Session,
  type User,
} from '@shakedown/db';
import { REDIS } from '@shakedown/nest-infra';
import {
  ErrorCode,
  type SessionList,
  type SessionResponse,
  type SignInRequest,
  type SignUpRequest,
} from '@shakedown/core/contract';
import type { Redis } from 'ioredis';

import { ApiError, notFound } from '../common/api-error';
import type { UserContext } from '../common/request-context';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { passwordProblem } from './password-policy';
import { SignInThrottle } from './sign-in-throttle';
import { csrfTokenOf, newToken, sha256, uuidV7 } from './tokens';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/** A new session: the answer, and the cookie value to set (never stored in plain text). */
export interface SignedIn {
  session: SessionResponse;
  cookieValue: string;
  maxAgeSeconds: number;
}

@Injectable()
export class AuthService {
  private dummyHash: Promise<string> | undefined;
  private readonly throttle: SignInThrottle;
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(OrgRepository) private readonly orgs: OrgRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.throttle = new SignInThrottle(
      redis,
      config.REDIS_PREFIX,
      config.RATE_LIMIT_ACCOUNT_FAILURES,
      config.RATE_LIMIT_ACCOUNT_DELAY_MS,
    );
  }

  /**
   * A sign-up with an email that already has an account answers like a fresh one (201, a
   * session-shaped body and a cookie, after the same password hashing) so the answer does not
   * tell whether the account exists; the owner of the address gets an "you already have an
   * account" mail (`MailOutbox`) instead, and the cookie opens nothing.
   */
  async signUp(input: SignUpRequest, client: ClientInfo): Promise<SignedIn> {
    const problem = passwordProblem(input.password, input.email);
    if (problem) {
      throw new ApiError(400, ErrorCode.weakPassword, problem, {
        issues: [{ path: 'body.password', message: problem }],
      });
    }
    const passwordHash = await hashPassword(input.password);
    let user: User;
    try {
      user = await this.users.create({ email: input.email, name: input.name, passwordHash });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.users.queueMail(input.email, 'account_exists');
      return this.lookalikeSession(input);
    }
    await this.audit.record(null, { action: 'auth.sign_up', actorUserId: user.id, ip: client.ip });
    return this.openSession(user, client);
  }

  /** What a fresh sign-up answers, for an address that has an account: nothing is stored. */
  private lookalikeSession(input: SignUpRequest): SignedIn {
    const maxAgeSeconds = this.config.SESSION_TTL_HOURS * 3600;
    return {
      session: {
        user: {
          id: uuidV7(),
          email: input.email.toLowerCase(),
          name: input.name,
          createdAt: new Date().toISOString(),
        },
        csrfToken: csrfTokenOf(newToken()),
        expiresAt: new Date(Date.now() + maxAgeSeconds * 1000).toISOString(),
        memberships: [],
      },
      cookieValue: newToken(),
      maxAgeSeconds,
    };
  }

  /**
   * Unknown email and wrong password answer alike and take as long (the same hash work, the
   * failure audit off the answer's path). Each attempt is counted atomically before the
   * password is checked ({@link SignInThrottle}): after `RATE_LIMIT_ACCOUNT_FAILURES` failures
   * the account takes attempts only after a delay that doubles with each failure
   * (`RATE_LIMIT_ACCOUNT_DELAY_MS`, 1 s, up to 15 min), whatever the address; a correct password clears it.
   */
  async signIn(input: SignInRequest, client: ClientInfo): Promise<SignedIn> {
    const account = sha256(input.email);
    const attempt = await this.throttle.attempt(account);
    if (!attempt.allowed) {
      const wait = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
      throw new ApiError(
        429,
        ErrorCode.rateLimited,
        `too many failed sign-ins for this account; retry after ${wait} s`,
        { limit: 'account', retryAfterSeconds: wait },
        { 'Retry-After': String(wait), RateLimit: `"account";r=0;t=${wait}` },
      );
    }
    const user = await this.users.findByEmail(input.email);
    const valid = user
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyPassword(await this.dummy(), input.password).then(() => false);
    if (!user || !valid) {
      if (user) {
        void this.audit
          .record(null, { action: 'auth.sign_in_failed', actorUserId: user.id, ip: client.ip })
          .catch((error: unknown) => this.logger.warn({ error }, 'sign-in failure not audited'));
      }
      throw new ApiError(401, ErrorCode.invalidCredentials, 'the email or the password is wrong');
    }
    await this.throttle.succeeded(account);
    await this.audit.record(null, { action: 'auth.sign_in', actorUserId: user.id, ip: client.ip });
    return this.openSession(user, client);
  }

  async signOut(ctx: UserContext): Promise<void> {
    await this.sessions.revoke(ctx.userId, ctx.sessionId);
    await this.audit.record(null, { action: 'auth.sign_out', actorUserId: ctx.userId, ip: ctx.ip });
  }

  async current(ctx: UserContext): Promise<SessionResponse> {
    const user = await this.users.findById(ctx.userId);
    if (!user) throw notFound('user');
    return this.describe(user, ctx.csrfSecret, ctx.expiresAt);
  }

  async list(ctx: UserContext): Promise<SessionList> {
    const sessions = await this.sessions.listActiveForUser(ctx.userId);
    return {
      items: sessions.map((session: Session) => ({
        id: session.id,
        ip: session.ip,
        userAgent: session.userAgent,
        createdAt: session.createdAt.toISOString(),
        lastSeenAt: session.lastSeenAt.toISOString(),
        expiresAt: session.expiresAt.toISOString(),
        current: session.id === ctx.sessionId,
      })),
    };
  }

  async revoke(ctx: UserContext, id: string): Promise<void> {
    if (!(await this.sessions.revoke(ctx.userId, id))) throw notFound('session');
    await this.audit.record(null, {
      action: 'auth.session_revoked',
      actorUserId: ctx.userId,
      subjectType: 'session',
      subjectId: id,
      ip: ctx.ip,
    });
  }

  private async openSession(user: User, client: ClientInfo): Promise<SignedIn> {
    const cookieValue = newToken();
    const csrfSecret = newToken();
    const maxAgeSeconds = this.config.SESSION_TTL_HOURS * 3600;
    const session = await this.sessions.create({
      userId: user.id,
      tokenHash: sha256(cookieValue),
      csrfSecret,
      ip: client.ip,
      userAgent: client.userAgent,
      expiresAt: new Date(Date.now() + maxAgeSeconds * 1000),
    });
    return {
      session: await this.describe(user, csrfSecret, session.expiresAt),
      cookieValue,
      maxAgeSeconds,
    };
  }

  private async describe(
    user: User,
    csrfSecret: string,
    expiresAt: Date,
  ): Promise<SessionResponse> {
    const memberships = await this.orgs.listMembershipsOfUser(user.id);
    return {
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        createdAt: user.createdAt.toISOString(),
      },
      csrfToken: csrfTokenOf(csrfSecret),
      expiresAt: expiresAt.toISOString(),
      memberships: memberships.map((membership) => ({
        orgId: membership.orgId,
        orgName: membership.org.name,
        orgSlug: membership.org.slug,
        role: membership.role,
      })),
    };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(newToken());
    return this.dummyHash;
  }
}
