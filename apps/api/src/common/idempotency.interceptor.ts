import { createHash } from 'node:crypto';

import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { decryptSecret, encryptSecret, IdempotencyRepository } from '@shakedown/db';
import { ErrorCode } from '@shakedown/core/contract';
import type { Response } from 'express';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';

import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from './api-error';
import { endpointOf } from './endpoint';
import type { ContextualRequest } from './request-context';

const KEY = /^[\x21-\x7e]{1,255}$/;
const TTL_MS = 24 * 60 * 60 * 1000;

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` on the POSTs that create something (IETF httpapi draft): the key is claimed
 * with one INSERT on the unique (scope, key), scoped to the caller's organisation (or user);
 * a retry after completion gets the first answer again (`Idempotent-Replayed: true`), a
 * duplicate while the first is in flight `409`, the key with another body or endpoint `422`.
 * Failed requests release their key. Stored answers are encrypted (they may hold a secret shown once).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IdempotencyRepository) private readonly records: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = endpointOf(context);
    const request = context.switchToHttp().getRequest<ContextualRequest>();
    const key = request.headers['idempotency-key'];
    if (!spec?.idempotent || key === undefined || !request.principal) return next.handle();
    return from(this.claim(request, key)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'replay') {
          context.switchToHttp().getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
          return of(claim.body);
        }
        const id = claim.id;
        return next.handle().pipe(
          mergeMap((body: unknown) =>
            from(this.complete(id, spec.status ?? 200, body).then(() => body)),
          ),
          catchError((error: unknown) =>
            from(this.records.release(id)).pipe(mergeMap(() => throwError(() => error))),
          ),
        );
      }),
    );
  }

  private async claim(
    request: ContextualRequest,
    key: string | string[],
  ): Promise<{ kind: 'claimed'; id: string } | { kind: 'replay'; body: unknown }> {
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new ApiError(
        400,
        ErrorCode.idempotencyKeyInvalid,
        'Idempotency-Key must be 1 to 255 printable ASCII characters, sent once',
      );
    }
    const principal = request.principal;
    const orgId = request.orgContext?.orgId ?? null;
    const scope =
      orgId !== null
        ? `org:${orgId}`
        : principal?.kind === 'session'
          ? `user:${principal.userId}`
          : `key:${principal?.apiKeyId ?? 'none'}`;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.path}\n${canonicalJson(request.body ?? {})}`)
      .digest('hex');
    const result = await this.records.claim({
      scope,
      orgId,
      key,
      method: request.method,
      path: request.path,
      requestHash,
      expiresAt: new Date(Date.now() + TTL_MS),
    });
    if (result.claimed) return { kind: 'claimed', id: result.id };
    const { record } = result;
    if (record.requestHash !== requestHash) {
      throw new ApiError(
        422,
        ErrorCode.idempotencyKeyReused,
        `this Idempotency-Key was used for another request (${record.method} ${record.path} with another body); use a new key`,
      );
    }
    if (record.state !== 'completed' || record.responseBody === null) {
      throw new ApiError(
        409,
        ErrorCode.idempotencyInProgress,
        'a request with this Idempotency-Key is still being processed; retry shortly',
        undefined,
        { 'Retry-After': '1' },
      );
    }
    const stored = record.responseBody as { sealed?: unknown };
    if (typeof stored.sealed !== 'string')
      throw new Error('an idempotent answer was stored unsealed');
    return {
      kind: 'replay',
      body: JSON.parse(decryptSecret(stored.sealed, this.config.APP_SECRET)) as unknown,
    };
  }

  private async complete(id: string, status: number, body: unknown): Promise<void> {
    const sealed = encryptSecret(JSON.stringify(body ?? null), this.config.APP_SECRET);
    await this.records.complete(id, status, { sealed });
  }
}
