import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

/** An IPv4 or IPv6 address as ipaddr.js parses it. */
export type Address = ipaddr.IPv4 | ipaddr.IPv6;
/** A CIDR range: base address and prefix length. */
export type Range = [Address, number];

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
