import type { Provider } from '@nestjs/common';
import { createNetworkPolicy } from '@shakedown/core/http';

import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { OwnershipVerifier, TargetAllowlist } from '@shakedown/core/verification';

/** The SSRF guard of everything the API itself fetches or accepts as a URL. */
export const NETWORK_POLICY = Symbol('NETWORK_POLICY');
export const OWNERSHIP_VERIFIER = Symbol('OWNERSHIP_VERIFIER');

export const targetProviders: Provider[] = [
  {
    provide: NETWORK_POLICY,
    useFactory: (config: AppConfig) => createNetworkPolicy({ allow: config.TARGET_ALLOWLIST }),
    inject: [APP_CONFIG],
  },
  {
    provide: OWNERSHIP_VERIFIER,
    useFactory: (config: AppConfig, policy: ReturnType<typeof createNetworkPolicy>) =>
      new OwnershipVerifier({ allowlist: new TargetAllowlist(config.TARGET_ALLOWLIST), policy }),
    inject: [APP_CONFIG, NETWORK_POLICY],
  },
];
