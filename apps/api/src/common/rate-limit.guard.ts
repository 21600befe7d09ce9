import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';

import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { endpointOf } from './endpoint';
import { RateLimiter, rateLimitHeaders, tooManyRequests, type Bucket } from './rate-limiter';
import type { ContextualRequest } from './request-context';

const MINUTE = 60_000;

/**
 * Limits kept in Redis: per client address on sign-in and sign-up, per organisation and per
 * API key (or user) elsewhere. The address is `req.ip`, which believes `X-Forwarded-For` only
 * from `TRUSTED_PROXIES`. Every limited answer carries `RateLimit` and `RateLimit-Policy`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ContextualRequest>();
    const buckets = this.bucketsOf(request, endpointOf(context)?.addressLimit);
    if (buckets.length === 0) return true;
    const decision = await this.limiter.consume(buckets);
    if (!decision.allowed) throw tooManyRequests(decision);
    const headers = rateLimitHeaders(decision);
    const response = context.switchToHttp().getResponse<Response>();
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    return true;
  }

  private bucketsOf(
    request: ContextualRequest,
    addressLimit: 'sign-in' | 'sign-up' | undefined,
  ): Bucket[] {
    const ip = request.ip ?? 'unknown';
    if (addressLimit === 'sign-in') {
      return [
        {
          name: 'sign-in',
          id: ip,
          limit: this.config.RATE_LIMIT_SIGN_IN_PER_MINUTE,
          windowMs: MINUTE,
        },
      ];
    }
    if (addressLimit === 'sign-up') {
      return [
        {
          name: 'sign-up',
          id: ip,
          limit: this.config.RATE_LIMIT_SIGN_UP_PER_HOUR,
          windowMs: 60 * MINUTE,
        },
      ];
    }
    const principal = request.principal;
    if (!principal) return [];
    const perPrincipal: Bucket =
      principal.kind === 'apiKey'
        ? {
            name: 'api-key',
            id: principal.apiKeyId,
            limit: this.config.RATE_LIMIT_PRINCIPAL_PER_MINUTE,
            windowMs: MINUTE,
          }
        : {
            name: 'user',
            id: principal.userId,
            limit: this.config.RATE_LIMIT_PRINCIPAL_PER_MINUTE,
            windowMs: MINUTE,
          };
    const org = request.orgContext;
    return org
      ? [
          {
            name: 'org',
            id: org.orgId,
            limit: this.config.RATE_LIMIT_ORG_PER_MINUTE,
            windowMs: MINUTE,
          },
          perPrincipal,
        ]
      : [perPrincipal];
  }
}
