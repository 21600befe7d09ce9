import { lookup } from 'node:dns/promises';

import { entryAllows, parseAllowEntry } from './network-allowlist';
import { describeNonPublicAddress, formatAddress, parseAddress } from './public-address';

/** One answer of a DNS lookup. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (injectable, so tests can rebind DNS). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** What a connection is about to reach: the name asked for, its port and the address it resolved to. */
export interface ConnectionTarget {
  hostname: string;
  port: number;
  address: string;
}

/**
 * Which addresses outgoing connections (probes, load, webhooks) may reach. The hosted service
 * passes a guard from {@link createNetworkPolicy}; the CLI, run by users against their own
 * machines, uses {@link allowAllNetwork}.
 */
export interface NetworkPolicy {
  /** True when nothing is checked: connections go through undici's own connector. */
  readonly allowsEverything: boolean;
  /** Why connecting to `target` is refused, or `undefined` when it is allowed. */
  refusal(target: ConnectionTarget): string | undefined;
  /** The resolver the guard uses (once per connection, and the address connected to is the one checked). */
  readonly resolve: Resolver;
}

/** A connection the network policy refuses. Raised before any byte is sent. */
export class NetworkPolicyError extends Error {
  override readonly name = 'NetworkPolicyError';
  readonly code = 'ERR_SHAKEDOWN_ADDRESS_REFUSED';
  constructor(
    message: string,
    readonly hostname: string,
    readonly address: string,
  ) {
    super(message);
  }
}

export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({
    address: answer.address,
    family: answer.family === 6 ? 6 : 4,
  }));
};

export const allowAllNetwork: NetworkPolicy = {
  allowsEverything: true,
  refusal: () => undefined,
  resolve: systemResolver,
};

export interface NetworkPolicyOptions {
  /** Hosts, `host:port`, addresses and CIDR ranges the deployment permits although they are not public. */
  allow?: readonly string[];
  /** DNS resolution; tests inject one that changes its answer. */
  resolver?: Resolver;
}

/**
 * The hosted service's guard: only public unicast addresses, unless the deployment allowlists
 * the host, `host:port`, address or range. Enforced on the address actually connected to, after
 * DNS and on every connection (see `createGuardedConnector`), so DNS rebinding cannot slip past a
 * pre-check.
 */
export function createNetworkPolicy(options: NetworkPolicyOptions = {}): NetworkPolicy {
  const entries = (options.allow ?? []).map(parseAllowEntry);
  return {
    allowsEverything: false,
    resolve: options.resolver ?? systemResolver,
    refusal(target) {
      const address = parseAddress(target.address);
      if (!address) return `${target.address} is not an IP address`;
      const words = describeNonPublicAddress(address);
      if (words === undefined) return undefined;
      if (entries.some((entry) => entryAllows(entry, target, address))) return undefined;
      const shown = formatAddress(address);
      const subject =
        parseAddress(target.hostname) !== undefined
          ? shown
          : `${target.hostname} resolves to ${shown}, which`;
      return `${subject} ${words}; targets must be public unless the deployment allowlists them`;
    },
  };
}

/** The host of a URL as the resolver and the policy see it (brackets removed). */
export function hostnameOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

export function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Resolves `hostname` and checks every address it resolves to; returns the addresses when all
 * are allowed. An address literal is checked without DNS.
 */
export async function resolveAllowed(
  hostname: string,
  port: number,
  policy: NetworkPolicy,
): Promise<ResolvedAddress[]> {
  const literal = parseAddress(hostname);
  const addresses: ResolvedAddress[] = literal
    ? [{ address: literal.toString(), family: literal.kind() === 'ipv6' ? 6 : 4 }]
    : await policy.resolve(hostname);
  if (addresses.length === 0)
    throw new NetworkPolicyError(`${hostname} has no address`, hostname, '');
  for (const { address } of addresses) {
    const refusal = policy.refusal({ hostname, port, address });
    if (refusal !== undefined) throw new NetworkPolicyError(refusal, hostname, address);
  }
  return addresses;
}

/**
 * A quick pre-check of a target or webhook URL (on registration, before enqueueing): the scheme
 * is http(s) and every address the host resolves to now is allowed. It does not replace the
 * check on connect, which is what defeats DNS rebinding.
 */
export async function assertUrlAllowed(url: string | URL, policy: NetworkPolicy): Promise<void> {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new NetworkPolicyError(`${String(url)} is not a valid URL`, String(url), '');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new NetworkPolicyError(
      `${parsed.protocol} URLs are not allowed; use http:// or https://`,
      parsed.hostname,
      '',
    );
  }
  if (policy.allowsEverything) return;
  await resolveAllowed(hostnameOf(parsed), portOf(parsed), policy);
}
