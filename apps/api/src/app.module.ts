import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DbModule, LoggingModule, RedisModule, RepositoriesModule } from '@shakedown/nest-infra';

import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { HealthModule } from './health/health.module';
import { InfraModule } from './infra/infra.module';

import { MetricsModule } from './metrics/metrics.module';
import { OrgsModule } from './orgs/orgs.module';
import { RunsModule } from './runs/runs.module';
import { TargetsModule } from './targets/targets.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({
          service: 'api',
          level: config.LOG_LEVEL,
          pretty: config.NODE_ENV === 'development',
        }),
        DbModule.forRoot({ url: config.DATABASE_URL }),
        RedisModule.forRoot({ url: config.REDIS_URL }),
        DiscoveryModule,
        RepositoriesModule,
        InfraModule,
        CommonModule,
        AuditModule,
        HealthModule,
        MetricsModule,
        AuthModule,
        OrgsModule,
        TargetsModule,
        RunsModule,
        WebhooksModule,
      ],
    };
  }
}
