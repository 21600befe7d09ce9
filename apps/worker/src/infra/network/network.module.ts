import { Module } from '@nestjs/common';
import { createNetworkPolicy, type NetworkPolicy } from '@shakedown/core/http';

import { WORKER_CONFIG, type WorkerConfig } from '../../config/worker-config';
import { TargetAccess } from './target-access';

/** Injection token of the SSRF guard every outgoing connection goes through. */
export const NETWORK_POLICY = Symbol('NETWORK_POLICY');

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
