import { Global, Module, type DynamicModule } from '@nestjs/common';
import {
  createNetworkPolicy,
  systemResolver,
  type NetworkPolicy,
  type Resolver,
} from '@shakedown/core/http';
import { OwnershipVerifier, TargetAllowlist } from '@shakedown/core/verification';

import { DEPLOYMENT_CONFIG } from '../config/config.module';
import type { DeploymentConfig } from '../config/deployment-env';

/** Injection token of the SSRF guard every outgoing connection and every accepted URL goes through. */
export const NETWORK_POLICY = Symbol('NETWORK_POLICY');
/** Injection token of the DNS resolver the guard, the URL checks and the allowlist use. */
export const DNS_RESOLVER = Symbol('DNS_RESOLVER');

export interface NetworkOptions {
  /** DNS resolution; tests pass one that fails (ENOTFOUND, a timeout) or answers privately. */
  resolver?: Resolver;
}

/**
 * The SSRF guard (core's `NetworkPolicy`, with the deployment's `TARGET_ALLOWLIST`) and the
 * ownership verifier of targets, injected as `@Inject(NETWORK_POLICY)` and by the
 * `OwnershipVerifier` class: the API verifies targets and checks URLs it is given, the worker
 * re-checks ownership before every run and connects to targets and webhook endpoints. All of
 * them resolve names through `DNS_RESOLVER` (the system's, unless `forRoot` is given another).
 */
@Global()
@Module({})
export class NetworkModule {
  static forRoot(options: NetworkOptions = {}): DynamicModule {
    return {
      module: NetworkModule,
      providers: [
        { provide: DNS_RESOLVER, useValue: options.resolver ?? systemResolver },
        {
          provide: NETWORK_POLICY,
          inject: [DEPLOYMENT_CONFIG, DNS_RESOLVER],
          useFactory: (config: DeploymentConfig, resolver: Resolver): NetworkPolicy =>
            createNetworkPolicy({ allow: config.TARGET_ALLOWLIST, resolver }),
        },
        {
          provide: OwnershipVerifier,
          inject: [DEPLOYMENT_CONFIG, NETWORK_POLICY, DNS_RESOLVER],
          useFactory: (config: DeploymentConfig, policy: NetworkPolicy, resolver: Resolver) =>
            new OwnershipVerifier({
              allowlist: new TargetAllowlist(config.TARGET_ALLOWLIST, resolver),
              policy,
            }),
        },
      ],
      exports: [DNS_RESOLVER, NETWORK_POLICY, OwnershipVerifier],
    };
  }
}
