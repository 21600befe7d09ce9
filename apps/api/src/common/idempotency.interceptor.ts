import { createHash } from 'node:crypto';

import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import {
  decryptSecret,
  encryptSecret,
  IdempotencyRepository,
  inRequestTransaction,
  type Db,
  type Prisma,
} from '@shakedown/db';
import { DB } from '@shakedown/nest-infra';
import { ErrorCode } from '@shakedown/core/contract';
import type { Response } from 'express';
import { from, lastValueFrom, mergeMap, of, type Observable } from 'rxjs';

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
 * `Idempotency-Key` on the POSTs that create something (IETF httpapi draft), and one
 * transaction around every such POST: the handler's writes, their audit entries and the stored
 * answer commit together or not at all (a failure after a write leaves nothing behind).
 *
 * The key is claimed before the transaction with one atomic statement on the unique
 * (scope, key), scoped to the caller (user or API key) within its organisation, so one
 * principal's key never replays another's answer. Every interleaving has one answer:
 * - claimed: the request runs; on success its answer is stored in its transaction;
 * - the first request is still in flight: `409 idempotency_in_progress` with `Retry-After: 1`;
 * - finished: the stored answer again (`Idempotent-Replayed: true`);
 * - the first request failed (any 4xx or 5xx): its claim is released with its rolled-back
 *   writes, so a retry runs afresh and gets its own answer;
 * - the same key with another body or endpoint: `422 idempotency_key_reused`.
 * Stored answers are encrypted (they may hold a secret shown once).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IdempotencyRepository) private readonly records: IdempotencyRepository,
    @Inject(DB) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = endpointOf(context);
    if (!spec?.idempotent) return next.handle();
    const request = context.switchToHttp().getRequest<ContextualRequest>();
    const key = request.headers['idempotency-key'];
    const status = spec.status ?? 200;
    const handle = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    if (key === undefined || !request.principal) {
      return from(inRequestTransaction(this.db, handle, async () => {}));
    }
    return from(this.claim(request, key)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'replay') {
          context.switchToHttp().getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
          return of(claim.body);
        }
        const finish = (tx: Prisma.TransactionClient, body: unknown) =>
          this.complete(tx, claim.id, status, body);
        return from(
          inRequestTransaction(this.db, handle, finish).catch(async (error: unknown) => {
            await this.records.release(claim.id);
            throw error;
          }),
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
    const who =
      principal?.kind === 'apiKey' ? `key:${principal.apiKeyId}` : `user:${principal?.userId}`;
    const scope = orgId !== null ? `org:${orgId}:${who}` : who;
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
    if (record !== null && record.requestHash !== requestHash) {
      throw new ApiError(
        422,
        ErrorCode.idempotencyKeyReused,
        `this Idempotency-Key was used for another request (${record.method} ${record.path} with another body); use a new key`,
      );
    }
    if (record === null || record.state !== 'completed' || record.responseBody === null) {
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
    let answer: string;
    try {
      answer = decryptSecret(stored.sealed, this.config.secretKeys);
    } catch {
      throw new ApiError(
        409,
        ErrorCode.secretsUnreadable,
        "the answer stored for this Idempotency-Key cannot be decrypted with this deployment's " +
          'APP_SECRET (it was rotated since); send the request with a new key',
      );
    }
    return { kind: 'replay', body: JSON.parse(answer) as unknown };
  }

  private async complete(
    tx: Prisma.TransactionClient,
    id: string,
    status: number,
    body: unknown,
  ): Promise<void> {
    const sealed = encryptSecret(JSON.stringify(body ?? null), this.config.secretKeys);
    await this.records.with(tx).complete(id, status, { sealed });
  }
}
