import { Inject, Injectable } from '@nestjs/common';
import type { NetworkPolicy } from '@shakedown/core/http';
import {
  OwnershipVerifier,
  TargetAllowlist,
  type VerificationOutcome,
} from '@shakedown/core/verification';

import { WORKER_CONFIG, type WorkerConfig } from '../../config/worker-config';
import { NETWORK_POLICY } from './network-policy.token';

/**
 * Whether a run may probe its target. Ownership is re-checked right before every run, as the
 * API checked it at verification: the token still served at the well-known URL or in DNS, or a
 * host the deployment allowlists (the bundled demo API, loopback in tests).
 */
@Injectable()
export class TargetAccess {
  private readonly verifier: OwnershipVerifier;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(NETWORK_POLICY) policy: NetworkPolicy,
  ) {
    this.verifier = new OwnershipVerifier({
      allowlist: new TargetAllowlist(config.TARGET_ALLOWLIST),
      policy,
    });
  }

  recheck(baseUrl: string, verificationToken: string): Promise<VerificationOutcome> {
    return this.verifier.verify(baseUrl, verificationToken);
  }
}
