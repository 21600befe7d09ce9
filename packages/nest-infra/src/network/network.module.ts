import { Global, Module } from '@nestjs/common';
import { createNetworkPolicy, type NetworkPolicy } from '@shakedown/core/http';
import { OwnershipVerifier, TargetAllowlist } from '@shakedown/core/verification';

import { DEPLOYMENT_CONFIG } from '../config/config.module';
import type { DeploymentConfig } from '../config/deployment-env';

/** Injection token of the SSRF guard every outgoing connection and every accepted URL goes through. */
export const NETWORK_POLICY = Symbol('NETWORK_POLICY');

/**
 * The SSRF guard (core's `NetworkPolicy`, with the deployment's `TARGET_ALLOWLIST`) and the
 * ownership verifier of targets, injected as `@Inject(NETWORK_POLICY)` and by the
 * `OwnershipVerifier` class: the API verifies targets and checks URLs it is given, the worker
 * re-checks ownership before every run and connects to targets and webhook endpoints.
 */
@Global()
@Module({
  providers: [
    {
      provide: NETWORK_POLICY,
      inject: [DEPLOYMENT_CONFIG],
      useFactory: (config: DeploymentConfig): NetworkPolicy =>
        createNetworkPolicy({ allow: config.TARGET_ALLOWLIST }),
    },
    {
      provide: OwnershipVerifier,
      inject: [DEPLOYMENT_CONFIG, NETWORK_POLICY],
      useFactory: (config: DeploymentConfig, policy: NetworkPolicy) =>
        new OwnershipVerifier({ allowlist: new TargetAllowlist(config.TARGET_ALLOWLIST), policy }),
    },
  ],
  exports: [NETWORK_POLICY, OwnershipVerifier],
})
export class NetworkModule {}
