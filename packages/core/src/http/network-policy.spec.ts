import { parseAllowEntry } from './network-allowlist';
import { assertUrlAllowed, createNetworkPolicy, type Resolver } from './network-policy';
import { describeNonPublicAddress, parseAddress } from './public-address';

function describe_(text: string): string | undefined {
  return describeNonPublicAddress(parseAddress(text)!);
}

describe('address classification', () => {
  it.each([
    ['127.0.0.1', 'is a loopback address'],
    ['127.255.0.9', 'is a loopback address'],
    ['10.1.2.3', 'is a private address'],
    ['172.16.0.1', 'is a private address'],
    ['172.31.255.255', 'is a private address'],
    ['192.168.1.1', 'is a private address'],
    ['169.254.1.1', 'is a link-local address'],
    ['169.254.169.254', 'is a cloud metadata address'],
    ['169.254.170.2', 'is a cloud metadata address'],
    ['168.63.129.16', 'is a cloud metadata address'],
    ['100.100.100.200', 'is a cloud metadata address'],
    ['100.64.0.1', 'is a carrier-grade NAT (shared) address'],
    ['0.0.0.0', 'is an unspecified ("this network") address'],
    ['224.0.0.1', 'is a multicast address'],
    ['255.255.255.255', 'is a broadcast address'],
    ['240.0.0.1', 'is a reserved address'],
    ['198.18.0.1', 'is a reserved (benchmarking) address'],
    ['192.0.2.10', 'is a reserved (documentation) address'],
    ['::1', 'is a loopback address'],
    ['::', 'is an unspecified address'],
    ['fe80::1', 'is a link-local address'],
    ['fc00::1', 'is a private (unique local) address'],
    ['fd00:ec2::254', 'is a cloud metadata address'],
    ['ff02::1', 'is a multicast address'],
    ['2001:db8::1', 'is a reserved (documentation) address'],
    ['::ffff:127.0.0.1', 'maps 127.0.0.1, which is a loopback address'],
    ['::ffff:169.254.169.254', 'maps 169.254.169.254, which is a cloud metadata address'],
    ['::7f00:1', 'embeds (IPv4-compatible) 127.0.0.1, which is a loopback address'],
    ['64:ff9b::a00:1', 'translates to (NAT64) 10.0.0.1, which is a private address'],
    ['2002:c0a8:101::1', 'tunnels to (6to4) 192.168.1.1, which is a private address'],
    ['4000::1', 'is a reserved address (outside IPv6 global unicast)'],
  ])('%s %s', (address, words) => {
    expect(describe_(address)).toBe(words);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('treats %s as public', (address) => {
    expect(describe_(address)).toBeUndefined();
  });

  it.each([
    ['127.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['[::1]', '::1'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
  ])('reads the legacy spelling %s as %s', (text, address) => {
    expect(parseAddress(text)?.toString()).toBe(address);
  });

  it('reads host names as names', () => {
    expect(parseAddress('api.example.com')).toBeUndefined();
    expect(parseAddress('1e100.net')).toBeUndefined();
  });
});

describe('the allowlist', () => {
  it('parses hosts, host:port, addresses, [v6]:port and ranges, and names bad entries', () => {
    expect(parseAllowEntry('api.internal')).toMatchObject({ host: 'api.internal' });
    expect(parseAllowEntry('*.internal:8443')).toMatchObject({
      host: 'internal',
      wildcard: true,
      port: 8443,
    });
    expect(parseAllowEntry('127.0.0.1:4010')).toMatchObject({ port: 4010 });
    expect(parseAllowEntry('[::1]:4010')).toMatchObject({ port: 4010 });
    expect(parseAllowEntry('10.0.0.0/8').range?.[1]).toBe(8);
    expect(() => parseAllowEntry('10.0.0.0/99')).toThrow(
      'network allowlist entry "10.0.0.0/99" is not a valid CIDR range',
    );
    expect(() => parseAllowEntry('host:99999')).toThrow(
      'network allowlist entry "host:99999" has an invalid port "99999"',
    );
    expect(() => parseAllowEntry('bad host')).toThrow(
      /is not a host, host:port, IP address or CIDR range/,
    );
  });

  it('permits exactly what it lists', () => {
    const policy = createNetworkPolicy({
      allow: ['127.0.0.1:4010', '10.0.0.0/8', 'demo.internal', '*.corp'],
    });
    const check = (hostname: string, port: number, address: string) =>
      policy.refusal({ hostname, port, address });
    expect(check('127.0.0.1', 4010, '127.0.0.1')).toBeUndefined();
    expect(check('127.0.0.1', 4011, '127.0.0.1')).toBe(
      '127.0.0.1 is a loopback address; targets must be public unless the deployment allowlists them',
    );
    expect(check('x', 80, '10.9.8.7')).toBeUndefined();
    expect(check('x', 80, '::ffff:10.9.8.7')).toBeUndefined();
    expect(check('demo.internal', 80, '192.168.0.5')).toBeUndefined();
    expect(check('a.b.corp', 443, '192.168.0.5')).toBeUndefined();
    expect(check('corp', 443, '192.168.0.5')).toMatch(
      /^corp resolves to 192\.168\.0\.5, which is a private address/,
    );
    expect(check('example.com', 443, '93.184.216.34')).toBeUndefined();
  });
});

describe('assertUrlAllowed', () => {
  const resolver: Resolver = (hostname) =>
    Promise.resolve(
      hostname === 'mixed.test'
        ? [
            { address: '93.184.216.34', family: 4 },
            { address: '10.0.0.7', family: 4 },
          ]
        : [{ address: '93.184.216.34', family: 4 }],
    );
  const policy = createNetworkPolicy({ resolver });

  it.each([
    ['http://127.1/', '127.0.0.1 is a loopback address'],
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://0x7f000001/', '127.0.0.1 is a loopback address'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:127.0.0.1 maps 127.0.0.1, which is a loopback address'],
    ['http://[::1]:8080/', '::1 is a loopback address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a cloud metadata address'],
    ['http://mixed.test/', 'mixed.test resolves to 10.0.0.7, which is a private address'],
  ])('refuses %s', async (url, message) => {
    await expect(assertUrlAllowed(url, policy)).rejects.toThrow(
      `${message}; targets must be public unless the deployment allowlists them`,
    );
  });

  it('allows public hosts, and refuses schemes other than http(s)', async () => {
    await expect(
      assertUrlAllowed('https://api.example.com/hooks', policy),
    ).resolves.toBeUndefined();
    await expect(assertUrlAllowed('file:///etc/passwd', policy)).rejects.toThrow(
      'file: URLs are not allowed; use http:// or https://',
    );
    await expect(assertUrlAllowed('not a url', policy)).rejects.toThrow(
      'not a url is not a valid URL',
    );
  });
});
