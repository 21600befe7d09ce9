import { createNetworkPolicy, type Resolver } from './network-policy';
import { checkUrl } from './url-check';

function failing(code: string): Resolver {
  return () => Promise.reject(Object.assign(new Error(`getaddrinfo ${code} x`), { code }));
}

const answers =
  (address: string): Resolver =>
  () =>
    Promise.resolve([{ address, family: address.includes(':') ? 6 : 4 }]);

describe('checkUrl', () => {
  it('accepts a host that resolves to a public address', async () => {
    const policy = createNetworkPolicy({ resolver: answers('93.184.216.34') });
    expect(await checkUrl('https://example.com/x', policy)).toBeUndefined();
  });

  it('refuses a private answer with url_not_allowed (400), unless allowlisted', async () => {
    const policy = createNetworkPolicy({ resolver: answers('10.0.0.7') });
    expect(await checkUrl('https://internal.example/', policy)).toMatchObject({
      code: 'url_not_allowed',
      status: 400,
      message: expect.stringContaining('10.0.0.7') as unknown,
    });
    const allowing = createNetworkPolicy({ resolver: answers('10.0.0.7'), allow: ['10.0.0.0/8'] });
    expect(await checkUrl('https://internal.example/', allowing)).toBeUndefined();
  });

  it('refuses other schemes and unparsable URLs with url_not_allowed', async () => {
    const policy = createNetworkPolicy({ resolver: answers('93.184.216.34') });
    expect((await checkUrl('ftp://example.com/', policy))?.code).toBe('url_not_allowed');
    expect((await checkUrl('not a url', policy))?.code).toBe('url_not_allowed');
  });

  it('turns ENOTFOUND, ENODATA and an empty answer into host_not_found (422)', async () => {
    for (const resolver of [failing('ENOTFOUND'), failing('ENODATA'), () => Promise.resolve([])]) {
      const policy = createNetworkPolicy({ resolver });
      expect(await checkUrl('https://nowhere.example/', policy)).toMatchObject({
        code: 'host_not_found',
        status: 422,
      });
    }
  });

  it('turns a resolver that hangs past the timeout, or fails otherwise, into host_unreachable', async () => {
    const hanging = createNetworkPolicy({ resolver: () => new Promise(() => undefined) });
    expect(await checkUrl('https://slow.example/', hanging, { timeoutMs: 20 })).toMatchObject({
      code: 'host_unreachable',
      status: 422,
      message: 'slow.example did not resolve within 0.02 s',
    });
    const servfail = createNetworkPolicy({ resolver: failing('ESERVFAIL') });
    expect((await checkUrl('https://x.example/', servfail))?.code).toBe('host_unreachable');
  });
});
