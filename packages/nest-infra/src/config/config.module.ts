import { Global, Module, type DynamicModule } from '@nestjs/common';

import type { DeploymentConfig } from './deployment-env';

/** Injection token of the variables every process shares (see {@link DeploymentConfig}). */
export const DEPLOYMENT_CONFIG = Symbol('DEPLOYMENT_CONFIG');

/**
 * The parsed configuration, under the app's own token (its whole config) and under
 * {@link DEPLOYMENT_CONFIG} (the shared part, which nest-infra's modules read).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(token: symbol, config: DeploymentConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: token, useValue: config },
        { provide: DEPLOYMENT_CONFIG, useValue: config },
      ],
      exports: [token, DEPLOYMENT_CONFIG],
    };
  }
}
