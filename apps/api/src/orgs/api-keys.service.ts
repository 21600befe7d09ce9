import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyRepository, type DbClient } from '@shakedown/db';
import {
  hasRole,
  type ApiKeyList,
  type CreateApiKeyRequest,
  type CreatedApiKey,
} from '@shakedown/core/contract';

import { AuditService } from '../audit/audit.service';
import { API_KEY_PREFIX, newToken, sha256 } from '../auth/tokens';
import { forbidden, notFound } from '../common/api-error';
import { ApiKeyCache } from '../common/api-key-cache';
import type { RequestContext } from '../common/request-context';
import { ResourceCaps } from '../common/resource-caps';
import { toApiKeyDto } from './orgs.dto';

@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(ApiKeyRepository) private readonly keys: ApiKeyRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ApiKeyCache) private readonly keyCache: ApiKeyCache,
    @Inject(ResourceCaps) private readonly caps: ResourceCaps,
  ) {}

  async list(ctx: RequestContext): Promise<ApiKeyList> {
    return { items: (await this.keys.listForOrg(ctx.orgId)).map(toApiKeyDto) };
  }

  /**
   * The key is shown once; only its SHA-256 is stored. A key never outranks its creator: not
   * when it is made, and not later (the auth guard takes the lesser of the two roles).
   */
  async create(ctx: RequestContext, input: CreateApiKeyRequest): Promise<CreatedApiKey> {
    if (!hasRole(ctx.role, input.role)) forbiddenRole(input.role);
    const key = `${API_KEY_PREFIX}${newToken()}`;
    // A key made with a key answers to the user behind the creating key.
    const createdById =
      ctx.principal.kind === 'session'
        ? ctx.principal.userId
        : await this.keys.creatorOf(ctx.orgId, ctx.principal.apiKeyId);
    const apiKey = await this.caps.createWithin('api_keys', ctx.orgId, (tx) =>
      this.keys.with(tx).create(ctx.orgId, {
        name: input.name,
        prefix: key.slice(0, API_KEY_PREFIX.length + 6),
        keyHash: sha256(key),
        role: input.role,
        createdById,
      }),
    );
    await this.audit.record(
      ctx,
      'api_key.created',
      { type: 'api_key', id: apiKey.id },
      { name: input.name, role: input.role },
    );
    return { apiKey: toApiKeyDto(apiKey), key };
  }

  async revoke(ctx: RequestContext, id: string): Promise<void> {
    const key = await this.keys.findForOrg(ctx.orgId, id);
    if (!key) throw notFound('API key');
    const revoked = await this.keys.revoke(ctx.orgId, id);
    this.keyCache.forget(id);
    if (revoked) {
      await this.audit.record(ctx, 'api_key.revoked', { type: 'api_key', id }, { name: key.name });
    }
  }

  /**
   * A member left or was removed: the keys they created stop working, each revocation audited
   * (in the caller's transaction `db`).
   */
  async revokeKeysOfLeaver(ctx: RequestContext, userId: string, db: DbClient): Promise<void> {
    const revoked = await this.keys.with(db).revokeCreatedBy(ctx.orgId, userId);
    for (const key of revoked) {
      await this.audit.record(
        ctx,
        'api_key.revoked',
        { type: 'api_key', id: key.id },
        { name: key.name, reason: 'creator_left_organisation' },
        db,
      );
    }
  }
}

function forbiddenRole(role: string): never {
  throw forbidden(`a key cannot have a higher role (${role}) than yours`);
}
