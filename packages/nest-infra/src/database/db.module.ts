import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnModuleDestroy,
} from '@nestjs/common';
import { createPrismaClient, transactionAware, type Db } from '@shakedown/db';

/** Injection token of the Prisma client. */
export const DB = Symbol('DB');

@Injectable()
class DbLifecycle implements OnModuleDestroy {
  constructor(@Inject(DB) private readonly db: Db) {}

  async onModuleDestroy(): Promise<void> {
    await this.db.$disconnect();
  }
}

@Global()
@Module({})
export class DbModule {
  static forRoot(options: { url: string; poolSize?: number }): DynamicModule {
    return {
      module: DbModule,
      providers: [
        {
          provide: DB,
          // Transaction-aware: inside a request transaction every query joins it.
          useFactory: (): Db =>
            transactionAware(
              createPrismaClient(
                options.url,
                options.poolSize === undefined ? {} : { poolSize: options.poolSize },
              ),
            ),
        },
        DbLifecycle,
      ],
      exports: [DB],
    };
  }
}
