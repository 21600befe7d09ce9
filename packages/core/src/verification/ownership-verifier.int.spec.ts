import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createNetworkPolicy } from '../http/network-policy';

import { OwnershipVerifier, TargetAllowlist } from './ownership-verifier';

describe('ownership verification', () => {
  let server: Server;
  let baseUrl: string;
  let served: string | undefined;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/.well-known/shakedown-verification.txt' && served !== undefined) {
        response.writeHead(200, { 'Content-Type': 'text/plain' }).end(served);
      } else {
        response.writeHead(404).end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** Loopback may be connected to (SSRF guard) but is not allowlisted as verified. */
  function verifier(txt: Record<string, string[][]> = {}): OwnershipVerifier {
    return new OwnershipVerifier({
      allowlist: new TargetAllowlist([]),
      policy: createNetworkPolicy({ allow: ['127.0.0.1'] }),
      resolveTxt: (hostname) => {
        const records = txt[hostname];
        return records
          ? Promise.resolve(records)
          : Promise.reject(Object.assign(new Error('no data'), { code: 'ENODATA' }));
      },
    });
  }

  it('verifies by the token served at the origin’s well-known path', async () => {
    served = 'sdv_token-123\n';
    expect(await verifier().verify(baseUrl, 'sdv_token-123')).toEqual({
      status: 'verified',
      method: 'http',
      error: null,
    });
  });

  it('falls back to the DNS TXT record, chunks joined', async () => {
    served = 'someone-else';
    const outcome = await verifier({
      '127.0.0.1': [['unrelated'], ['shakedown-verification=', 'sdv_token-456']],
    }).verify(baseUrl, 'sdv_token-456');
    expect(outcome).toEqual({ status: 'verified', method: 'dns', error: null });
  });

  it('fails with both reasons when neither proves ownership', async () => {
    served = undefined;
    const outcome = await verifier().verify(baseUrl, 'sdv_token-789');
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(
      /answered 404; no TXT record "shakedown-verification=sdv_token-789" on 127\.0\.0\.1 \(ENODATA\)/,
    );
  });

  it('refuses to fetch from addresses the SSRF guard blocks', async () => {
    const guarded = new OwnershipVerifier({
      allowlist: new TargetAllowlist([]),
      policy: createNetworkPolicy(),
      resolveTxt: () => Promise.resolve([]),
    });
    served = 'sdv_x';
    const outcome = await guarded.verify(baseUrl, 'sdv_x');
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/loopback/);
  });

  it('counts allowlisted hosts, host:port, addresses and ranges as verified', async () => {
    const cases: [string[], string, boolean][] = [
      [['127.0.0.1:4010'], 'http://127.0.0.1:4010', true],
      [['127.0.0.1:4010'], 'http://127.0.0.1:4011', false],
      [['127.0.0.0/8'], 'http://127.0.0.5:80/x', true],
      [['demo.internal'], 'https://demo.internal/api', true],
      [['*.internal'], 'https://a.demo.internal', true],
      [['10.0.0.0/8'], 'http://192.168.1.1', false],
    ];
    for (const [entries, url, expected] of cases) {
      expect({ entries, url, allowed: await new TargetAllowlist(entries).allows(url) }).toEqual({
        entries,
        url,
        allowed: expected,
      });
    }
  });
});
