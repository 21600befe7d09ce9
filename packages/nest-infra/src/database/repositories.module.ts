import { Global, Module, type Provider } from '@nestjs/common';
import { REPOSITORIES, type Db } from '@shakedown/db';

import { DB } from './db.module';

const providers: Provider[] = REPOSITORIES.map((Repository) => ({
  provide: Repository,
  useFactory: (db: Db) => new Repository(db),
  inject: [DB],
}));

/**
 * Every repository of `@shakedown/db` over the shared Prisma client, injected by class in the
 * api and the worker alike; services use `.with(tx)` inside a transaction.
 */
@Global()
@Module({ providers, exports: [...REPOSITORIES] })
export class RepositoriesModule {}
