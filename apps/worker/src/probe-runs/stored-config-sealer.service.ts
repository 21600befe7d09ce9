import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { unsafeSealConfigsStoredInClear, type Db } from '@shakedown/db';
import { DB } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { settlesWithin } from '../infra/settles-within';

/**
 * Seals, once each time a worker starts, the target and run configs stored in clear before
 * secrets were sealed (and the demo target `db:seed` writes), in the background: an upgraded
 * deployment keeps no credential in clear past its first worker start. Safe when several
 * workers start at once.
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
    this.pass = this.sealStoredInClear();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.pass) await settlesWithin(this.pass, 5_000);
  }

  /** One pass; never throws (a failure is logged, and the next start tries again). */
  async sealStoredInClear(): Promise<void> {
    try {
      const sealed = await unsafeSealConfigsStoredInClear(this.db, this.config.APP_SECRET);
      if (sealed.targets + sealed.runs > 0) {
        this.logger.log(sealed, 'sealed the secrets of configs stored in clear');
      }
    } catch (error) {
      this.logger.error({ err: error }, 'sealing the configs stored in clear failed');
    }
  }
}
