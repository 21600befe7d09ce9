import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

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

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

function cidr(text: string): Range {
  return ipaddr.parseCIDR(text);
}

const CLOUD_METADATA = [
  '169.254.169.254', // AWS, GCP, Azure, DigitalOcean, OpenStack, Oracle
  '169.254.170.2', // AWS ECS task metadata
  '169.254.169.253', // AWS VPC DNS
  '168.63.129.16', // Azure WireServer (a public-looking address)
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud (classic)
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::23', // AWS time sync over IPv6
].map((text) => ipaddr.parse(text).toNormalizedString());

/** Ranges no target may be in, with the words used in refusals. First match wins. */
const BLOCKED_V4: [Range, string][] = [
  [cidr('0.0.0.0/8'), 'unspecified ("this network")'],
  [cidr('10.0.0.0/8'), 'private'],
  [cidr('100.64.0.0/10'), 'carrier-grade NAT (shared)'],
  [cidr('127.0.0.0/8'), 'loopback'],
  [cidr('169.254.0.0/16'), 'link-local'],
  [cidr('172.16.0.0/12'), 'private'],
  [cidr('192.0.0.0/24'), 'reserved (IETF protocol assignments)'],
  [cidr('192.0.2.0/24'), 'reserved (documentation)'],
  [cidr('192.88.99.0/24'), 'reserved (6to4 relay)'],
  [cidr('192.168.0.0/16'), 'private'],
  [cidr('198.18.0.0/15'), 'reserved (benchmarking)'],
  [cidr('198.51.100.0/24'), 'reserved (documentation)'],
  [cidr('203.0.113.0/24'), 'reserved (documentation)'],
  [cidr('224.0.0.0/4'), 'multicast'],
  [cidr('255.255.255.255/32'), 'broadcast'],
  [cidr('240.0.0.0/4'), 'reserved'],
];

const BLOCKED_V6: [Range, string][] = [
  [cidr('::/128'), 'unspecified'],
  [cidr('::1/128'), 'loopback'],
  [cidr('64:ff9b:1::/48'), 'reserved (local-use NAT64)'],
  [cidr('100::/64'), 'reserved (discard-only)'],
  [cidr('2001:db8::/32'), 'reserved (documentation)'],
  [cidr('2001::/23'), 'reserved (IETF protocol assignments, Teredo, benchmarking)'],
  [cidr('3fff::/20'), 'reserved (documentation)'],
  [cidr('fc00::/7'), 'private (unique local)'],
  [cidr('fe80::/10'), 'link-local'],
  [cidr('fec0::/10'), 'site-local'],
  [cidr('ff00::/8'), 'multicast'],
];

const GLOBAL_UNICAST_V6 = cidr('2000::/3');
const MAPPED_V6 = cidr('::ffff:0:0/96');
const COMPATIBLE_V6 = cidr('::/96');
const NAT64_V6 = cidr('64:ff9b::/96');
const SIX_TO_FOUR_V6 = cidr('2002::/16');

/** Parses every spelling a host part may carry (`127.1`, `0x7f000001`, `[::1]`), or undefined for names. */
export function parseAddress(text: string): Address | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const withoutZone = bare.replace(/%.*$/, '');
  if (isIP(withoutZone) !== 0) return ipaddr.parse(withoutZone);
  // Legacy IPv4 forms (`127.1`, `2130706433`, `0x7f000001`, `0177.0.0.1`) that resolvers accept.
  if (/^(0x[0-9a-f]+|\d+)(\.(0x[0-9a-f]+|\d+)){0,3}$/i.test(withoutZone)) {
    if (ipaddr.IPv4.isValid(withoutZone)) return ipaddr.IPv4.parse(withoutZone);
  }
  return undefined;
}

function embeddedV4(address: ipaddr.IPv6): { v4: ipaddr.IPv4; how: string } | undefined {
  const bytes = address.toByteArray();
  const fromBytes = (offset: number) => new ipaddr.IPv4(bytes.slice(offset, offset + 4));
  if (address.match(MAPPED_V6)) return { v4: fromBytes(12), how: 'maps' };
  if (address.match(NAT64_V6)) return { v4: fromBytes(12), how: 'translates to (NAT64)' };
  if (address.match(SIX_TO_FOUR_V6)) return { v4: fromBytes(2), how: 'tunnels to (6to4)' };
  // IPv4-compatible (deprecated): ::a.b.c.d, but not :: and ::1, which are handled as themselves.
  if (address.match(COMPATIBLE_V6) && bytes.slice(12, 14).some((b) => b !== 0)) {
    return { v4: fromBytes(12), how: 'embeds (IPv4-compatible)' };
  }
  return undefined;
}

function article(words: string): string {
  return /^[aeiou]/.test(words) ? 'an' : 'a';
}

/** How an address is written in messages: IPv4-mapped IPv6 keeps its dotted tail. */
export function formatAddress(address: Address): string {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return `::ffff:${(address as ipaddr.IPv6).toIPv4Address().toString()}`;
  }
  return address.toString();
}

/**
 * Why `address` is not a public unicast address, as a predicate (`is a loopback address`,
 * `maps 127.0.0.1, a loopback address`), or undefined when it is public.
 */
export function describeNonPublicAddress(address: Address): string | undefined {
  const normalized = address.toNormalizedString();
  if (CLOUD_METADATA.includes(normalized)) return 'is a cloud metadata address';
  if (address.kind() === 'ipv4') {
    for (const [range, words] of BLOCKED_V4) {
      if (address.match(range)) return `is ${article(words)} ${words} address`;
    }
    return undefined;
  }
  const v6 = address as ipaddr.IPv6;
  const embedded = embeddedV4(v6);
  if (embedded) {
    const inner = describeNonPublicAddress(embedded.v4);
    if (inner) return `${embedded.how} ${embedded.v4.toString()}, which ${inner}`;
    // A public IPv4 address reached through a mapped or NAT64 form is as public as itself;
    // the deprecated IPv4-compatible form is not routed at all.
    return embedded.how.startsWith('embeds')
      ? 'is a deprecated IPv4-compatible address'
      : undefined;
  }
  for (const [range, words] of BLOCKED_V6) {
    if (v6.match(range)) return `is ${article(words)} ${words} address`;
  }
  if (!v6.match(GLOBAL_UNICAST_V6)) return 'is a reserved address (outside IPv6 global unicast)';
  return undefined;
}

/** One allowlist entry: a host name (optionally `*.` wildcard), an address or a range, with an optional port. */
interface AllowEntry {
  text: string;
  host?: string;
  wildcard?: boolean;
  range?: Range;
  port?: number;
}

function parsePort(text: string, entry: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new Error(`network allowlist entry "${entry}" has an invalid port "${text}"`);
  }
  return port;
}

const HOSTNAME = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i;

/** Parses `10.0.0.0/8`, `fd00::/8`, `10.1.2.3`, `127.0.0.1:4010`, `[::1]:4010`, `api.internal`, `*.internal:8443`. */
export function parseAllowEntry(raw: string): AllowEntry {
  const text = raw.trim();
  if (text === '') throw new Error('network allowlist entries must not be empty');
  if (text.includes('/')) {
    if (!ipaddr.isValidCIDR(text))
      throw new Error(`network allowlist entry "${text}" is not a valid CIDR range`);
    const [address, bits] = ipaddr.parseCIDR(text);
    return { text, range: [address, bits] };
  }
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    const address = parseAddress(bracketed[1] ?? '');
    if (!address || address.kind() !== 'ipv6') {
      throw new Error(`network allowlist entry "${text}" is not a valid IPv6 address`);
    }
    return {
      text,
      range: [address, 128],
      ...(bracketed[2] !== undefined ? { port: parsePort(bracketed[2], text) } : {}),
    };
  }
  if (isIP(text) === 6) return { text, range: [ipaddr.parse(text), 128] };
  const colon = text.lastIndexOf(':');
  const host = colon === -1 ? text : text.slice(0, colon);
  const port = colon === -1 ? undefined : parsePort(text.slice(colon + 1), text);
  const address = isIP(host) === 4 ? ipaddr.parse(host) : undefined;
  if (address) return { text, range: [address, 32], ...(port !== undefined ? { port } : {}) };
  if (!HOSTNAME.test(host)) {
    throw new Error(
      `network allowlist entry "${text}" is not a host, host:port, IP address or CIDR range`,
    );
  }
  const wildcard = host.startsWith('*.');
  return {
    text,
    host: (wildcard ? host.slice(2) : host).toLowerCase().replace(/\.$/, ''),
    wildcard,
    ...(port !== undefined ? { port } : {}),
  };
}

function entryAllows(entry: AllowEntry, target: ConnectionTarget, address: Address): boolean {
  if (entry.port !== undefined && entry.port !== target.port) return false;
  if (entry.host !== undefined) {
    const hostname = target.hostname.toLowerCase().replace(/\.$/, '');
    return entry.wildcard ? hostname.endsWith(`.${entry.host}`) : hostname === entry.host;
  }
  if (entry.range) {
    const [base, bits] = entry.range;
    const candidate =
      address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
        ? (address as ipaddr.IPv6).toIPv4Address()
        : address;
    return candidate.kind() === base.kind() && candidate.match(base, bits);
  }
  return false;
}

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
