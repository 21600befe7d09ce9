import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { InfraModule, type NetworkOptions } from '@shakedown/nest-infra';

import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { HealthModule } from './health/health.module';

import { MetricsModule } from './metrics/metrics.module';
import { OrgsModule } from './orgs/orgs.module';
import { RunsModule } from './runs/runs.module';
import { TargetsModule } from './targets/targets.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  /** `network.resolver` replaces the system's DNS resolver (tests make resolution fail). */
  static forRoot(config: AppConfig, network: NetworkOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfraModule.forRoot({
          service: 'api',
          config,
          configToken: APP_CONFIG,
          ...(network.resolver ? { resolver: network.resolver } : {}),
        }),
        DiscoveryModule,
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
