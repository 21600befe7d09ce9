import { Module, type DynamicModule } from '@nestjs/common';

import { ConfigModule } from './config/config.module';
import type { DeploymentConfig } from './config/deployment-env';
import { DbModule } from './database/db.module';
import { RepositoriesModule } from './database/repositories.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { NetworkModule, type NetworkOptions } from './network/network.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';

export interface InfraOptions {
  service: 'api' | 'worker';
  /** The app's parsed configuration, built on the shared deployment variables. */
  config: DeploymentConfig;
  /** The app's own injection token of its configuration. */
  configToken: symbol;
  /** The DNS resolver of the SSRF guard and the URL checks (tests make it fail on purpose). */
  resolver?: NetworkOptions['resolver'];
}

/**
 * Everything an api or worker process stands on, in one import: configuration, logging,
 * PostgreSQL and the repositories, Redis and the run signals, the job producer, the SSRF guard
 * and ownership verifier, dependency health. Each is a global module, so the app's feature
 * modules inject them without importing anything; being global, they are also closed last on
 * shutdown, after the app's own modules have stopped their work.
 */
@Module({})
export class InfraModule {
  static forRoot({ service, config, configToken, resolver }: InfraOptions): DynamicModule {
    return {
      module: InfraModule,
      imports: [
        ConfigModule.forRoot(configToken, config),
        LoggingModule.forRoot({ service, level: config.LOG_LEVEL, format: config.LOG_FORMAT }),
        DbModule.forRoot({ url: config.DATABASE_URL }),
        RepositoriesModule,
        RedisModule.forRoot({ url: config.REDIS_URL }),
        QueuesModule,
        NetworkModule.forRoot(resolver ? { resolver } : {}),
        HealthModule,
      ],
    };
  }
}
