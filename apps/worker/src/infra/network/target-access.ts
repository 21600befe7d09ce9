import { Inject, Injectable } from '@nestjs/common';
import {
  createNetworkPolicy,
  hostnameOf,
  parseAddress,
  portOf,
  type NetworkPolicy,
} from '@shakedown/core/http';

import { WORKER_CONFIG, type WorkerConfig } from '../../config/worker-config';

export type VerificationStatus = 'unverified' | 'verified' | 'failed';

/**
 * Whether a run may probe its target: ownership verified, or a host the deployment allowlists
 * (the bundled demo API, loopback in tests), which counts as verified.
 */
@Injectable()
export class TargetAccess {
  private readonly allowlisted: NetworkPolicy;
  private readonly strict: NetworkPolicy = createNetworkPolicy();

  constructor(@Inject(WORKER_CONFIG) config: WorkerConfig) {
    this.allowlisted = createNetworkPolicy({ allow: config.TARGET_ALLOWLIST });
  }

  /** Why the run may not probe `baseUrl`, or undefined when it may. */
  async refusal(baseUrl: string, verification: VerificationStatus): Promise<string | undefined> {
    if (verification === 'verified') return undefined;
    if (await this.isAllowlisted(baseUrl)) return undefined;
    return (
      `the ownership of ${new URL(baseUrl).host} is not verified: publish the verification ` +
      'token (HTTP file or DNS TXT record) and verify the target before running probes'
    );
  }

  /**
   * True when the deployment's allowlist is what lets the URL's host through: it resolves to
   * non-public addresses only, all of them allowlisted. Public hosts need real verification.
   */
  async isAllowlisted(url: string): Promise<boolean> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    const hostname = hostnameOf(parsed);
    const port = portOf(parsed);
    const literal = parseAddress(hostname);
    let addresses: string[];
    try {
      addresses = literal
        ? [literal.toString()]
        : (await this.allowlisted.resolve(hostname)).map((answer) => answer.address);
    } catch {
      return false;
    }
    return (
      addresses.length > 0 &&
      addresses.every((address) => {
        const target = { hostname, port, address };
        return (
          this.strict.refusal(target) !== undefined &&
          this.allowlisted.refusal(target) === undefined
        );
      })
    );
  }
}
