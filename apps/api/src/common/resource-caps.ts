import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@shakedown/core/contract';
import { lockAndCountResource, type CappedResource, type Db, type DbClient } from '@shakedown/db';
import { DB } from '@shakedown/nest-infra';

import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from './api-error';

const DESCRIPTIONS: Record<CappedResource, { what: string; of: string; setting: keyof AppConfig }> =
  {
    webhook_endpoints: {
      what: 'webhook endpoints',
      of: 'the organisation',
      setting: 'WEBHOOK_ENDPOINTS_PER_ORG',
    },
    api_keys: { what: 'active API keys', of: 'the organisation', setting: 'API_KEYS_PER_ORG' },
    owned_orgs: { what: 'organisations', of: 'your account', setting: 'ORGS_PER_ACCOUNT' },
  };

/**
 * The caps on what one organisation or account may create (docs/security.md "Abuse model"):
 * `create` runs in a transaction, after the count of that scope was taken under a lock and
 * found below the configured limit; at the limit, a 409 `resource_limit_reached` and nothing
 * is written.
 */
@Injectable()
export class ResourceCaps {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  limitOf(resource: CappedResource): number {
    return this.config[DESCRIPTIONS[resource].setting] as number;
  }

  async createWithin<T>(
    resource: CappedResource,
    scopeId: string,
    create: (tx: DbClient) => Promise<T>,
  ): Promise<T> {
    const limit = this.limitOf(resource);
    return this.db.$transaction(async (tx) => {
      const count = await lockAndCountResource(tx, resource, scopeId);
      if (count >= limit) {
        const { what, of } = DESCRIPTIONS[resource];
        throw new ApiError(
          409,
          ErrorCode.resourceLimitReached,
          `${of} already has ${count} ${what}, the most this deployment allows (${limit}); delete one first`,
          { resource, limit },
        );
      }
      return create(tx);
    });
  }
}
