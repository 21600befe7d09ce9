import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

import { parseAddress, type Address, type Range } from './public-address';

/** One allowlist entry: a host name (optionally `*.` wildcard), an address or a range, with an optional port. */
export interface AllowEntry {
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

/** Whether `entry` permits connecting to `hostname`:`port`, resolved to `address`. */
export function entryAllows(
  entry: AllowEntry,
  target: { hostname: string; port: number },
  address: Address,
): boolean {
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
