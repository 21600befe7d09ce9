import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { unsafeSealStoredSecrets, type Db } from '@shakedown/db';
import { DB } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { settlesWithin } from '../infra/settles-within';

/**
 * Brings every stored secret under the current APP_SECRET, once each time a worker starts, in
 * the background: it seals the target and run configs stored in clear before secrets were sealed
 * (and the demo target `db:seed` writes), and re-seals the configs and webhook signing secrets
 * a previous key sealed (`APP_SECRET_PREVIOUS`, after a rotation). An upgraded or rotated
 * deployment keeps no credential in clear, nor under the old key, past its first worker start.
 * Safe when several workers start at once.
 */
@Injectable()
export class StoredConfigSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StoredConfigSealer.name);
  private pass: Promise<void> | undefined;

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.pass = this.sealStoredSecrets();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.pass) await settlesWithin(this.pass, 5_000);
  }

  /** One pass; never throws (a failure is logged, and the next start tries again). */
  async sealStoredSecrets(): Promise<void> {
    try {
      const sealed = await unsafeSealStoredSecrets(this.db, this.config.secretKeys);
      if (sealed.unreadable > 0) {
        this.logger.warn(
          sealed,
          'some stored secrets open with no key of this deployment (APP_SECRET, ' +
            'APP_SECRET_PREVIOUS): they stay as they are until their key is listed or they are replaced',
        );
      } else if (sealed.targets + sealed.runs + sealed.webhookEndpoints > 0) {
        this.logger.log(sealed, 'every stored secret is now sealed with the current APP_SECRET');
      }
      if (sealed.unreadable === 0 && this.config.secretKeys.previous.length > 0) {
        this.logger.log(
          'no stored config or webhook secret needs APP_SECRET_PREVIOUS any more ' +
            '(idempotent answers it sealed expire within 24 hours of the switch)',
        );
      }
    } catch (error) {
      this.logger.error({ err: error }, 'sealing the stored secrets failed');
    }
  }
}
