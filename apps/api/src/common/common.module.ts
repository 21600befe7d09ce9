import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';

import { ApiKeyCache } from './api-key-cache';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { AuthGuard } from './auth.guard';
import { BodyGuard } from './body.guard';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';
import { ResourceCaps } from './resource-caps';

/**
 * The request pipeline every route goes through, in this order: authentication, CSRF,
 * organisation and role (AuthGuard), rate limits, body reading with its size limit, then
 * idempotency around the handler. Errors of any step become the one error shape (ErrorFilter).
 */
@Global()
@Module({
  providers: [
    RateLimiter,
    ResourceCaps,
    ApiKeyCache,
    AuthFailureLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: BodyGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [RateLimiter, ResourceCaps, ApiKeyCache],
})
export class CommonModule {}
