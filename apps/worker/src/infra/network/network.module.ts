import { Module } from '@nestjs/common';
import { createNetworkPolicy, type NetworkPolicy } from '@shakedown/core/http';

import { WORKER_CONFIG, type WorkerConfig } from '../../config/worker-config';
import { NETWORK_POLICY } from './network-policy.token';
import { TargetAccess } from './target-access';

export { NETWORK_POLICY };

@Module({
  providers: [
    {
      provide: NETWORK_POLICY,
      inject: [WORKER_CONFIG],
      useFactory: (config: WorkerConfig): NetworkPolicy =>
        createNetworkPolicy({ allow: config.TARGET_ALLOWLIST }),
    },
    TargetAccess,
  ],
  exports: [NETWORK_POLICY, TargetAccess],
})
export class NetworkModule {}
