import { interceptors, request, type Dispatcher } from 'undici';

import { startTarget, type RunningTarget } from '../../test/targets/start-target';
import { RunBudget } from './budget';
import { createGuardedDispatcher, guardedFetch } from './guarded-connector';
import { HttpClient } from './http-client';
import {
  NetworkPolicyError,
  assertUrlAllowed,
  createNetworkPolicy,
  type NetworkPolicy,
  type Resolver,
} from './network-policy';

const LOOPBACK_REFUSED = '; targets must be public unless the deployment allowlists them';

describe('the SSRF guard on real connections', () => {
  let target: RunningTarget;
  let other: RunningTarget;
  const dispatchers: Dispatcher[] = [];

  beforeEach(async () => {
    target = await startTarget((_request, response) => {
      response.writeHead(302, { location: `${other.url}/latest/meta-data` });
      response.end();
    });
    other = await startTarget((_request, response) => {
      response.end('secret');
    });
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.close()));
    await target.close();
    await other.close();
  });

  function guarded(policy: NetworkPolicy): Dispatcher {
    const dispatcher = createGuardedDispatcher(policy);
    dispatchers.push(dispatcher);
    return dispatcher;
  }

  const bypasses = (port: number) => [
    [`http://127.1:${port}/`, `127.0.0.1 is a loopback address`],
    [`http://2130706433:${port}/`, `127.0.0.1 is a loopback address`],
    [`http://0x7f000001:${port}/`, `127.0.0.1 is a loopback address`],
    [
      `http://[::ffff:127.0.0.1]:${port}/`,
      `::ffff:127.0.0.1 maps 127.0.0.1, which is a loopback address`,
    ],
    [`http://[::1]:${port}/`, `::1 is a loopback address`],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a cloud metadata address'],
  ];

  it('refuses every spelling of loopback and the metadata address on connect, before a byte is sent', async () => {
    const policy = createNetworkPolicy();
    const dispatcher = guarded(policy);
    const client = new HttpClient({
      budget: new RunBudget({ maxRps: 100, maxRequests: 100, maxBytes: 1e6, maxDuration: 60_000 }),
      network: policy,
    });
    try {
      for (const [url, message] of bypasses(target.port)) {
        // The pre-check, then the connection itself without any pre-check: both refuse.
        await expect(assertUrlAllowed(url!, policy)).rejects.toThrow(
          `${message}${LOOPBACK_REFUSED}`,
        );
        await expect(request(url!, { dispatcher })).rejects.toThrow(
          `${message}${LOOPBACK_REFUSED}`,
        );
        await expect(client.send({ method: 'GET', url: url! })).rejects.toBeInstanceOf(
          NetworkPolicyError,
        );
        await expect(guardedFetch(url!, {}, policy)).rejects.toThrow(message);
      }
    } finally {
      await client.close();
    }
    expect(target.connections).toBe(0);
    expect(target.seen).toHaveLength(0);
  });

  it('connects to what the deployment allowlists, by host:port or range', async () => {
    const byPort = guarded(createNetworkPolicy({ allow: [`127.0.0.1:${other.port}`] }));
    const answer = await request(`${other.url}/`, { dispatcher: byPort });
    expect(await answer.body.text()).toBe('secret');
    const byRange = guarded(createNetworkPolicy({ allow: ['127.0.0.0/8'] }));
    const again = await request(`${other.url}/`, { dispatcher: byRange });
    expect(await again.body.text()).toBe('secret');
    // The same policy still refuses the port it does not list.
    await expect(request(`${target.url}/`, { dispatcher: byPort })).rejects.toThrow(
      NetworkPolicyError,
    );
    expect(target.seen).toHaveLength(0);
  });

  it('checks the address it connects to, so DNS rebinding after the pre-check fails', async () => {
    let lookups = 0;
    // The first answer is public (what a registration-time check sees); later ones are loopback.
    const rebinding: Resolver = () => {
      lookups += 1;
      return Promise.resolve([
        { address: lookups === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 },
      ]);
    };
    const policy = createNetworkPolicy({ resolver: rebinding });
    const url = `http://rebind.test:${other.port}/`;
    await expect(assertUrlAllowed(url, policy)).resolves.toBeUndefined();
    await expect(request(url, { dispatcher: guarded(policy) })).rejects.toThrow(
      `rebind.test resolves to 127.0.0.1, which is a loopback address${LOOPBACK_REFUSED}`,
    );
    expect(lookups).toBe(2);
    expect(other.seen).toHaveLength(0);
  });

  it('connects to exactly the address the resolver answered (no second lookup)', async () => {
    const resolver: Resolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    // app.test exists in no DNS: reaching the server proves the checked address is the one used.
    const dispatcher = guarded(createNetworkPolicy({ resolver, allow: ['app.test'] }));
    const answer = await request(`http://app.test:${other.port}/`, { dispatcher });
    expect(await answer.body.text()).toBe('secret');
    expect(other.seen[0]!.headers.host).toBe(`app.test:${other.port}`);
  });

  it('never follows a redirect from an allowed host to a blocked one', async () => {
    const policy = createNetworkPolicy({ allow: [`127.0.0.1:${target.port}`] });
    // Webhooks: the 3xx is the answer.
    const response = await guardedFetch(
      `${target.url}/hook`,
      { method: 'POST', body: '{}' },
      policy,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${other.url}/latest/meta-data`);
    // Probes: the same.
    const client = new HttpClient({
      budget: new RunBudget({ maxRps: 100, maxRequests: 100, maxBytes: 1e6, maxDuration: 60_000 }),
      network: policy,
    });
    const result = await client.send({ method: 'GET', url: `${target.url}/` });
    await client.close();
    expect(result.answer?.status).toBe(302);
    // And a caller who adds undici's redirect interceptor still cannot reach the blocked host.
    const following = guarded(policy).compose(interceptors.redirect({ maxRedirections: 3 }));
    await expect(request(`${target.url}/`, { dispatcher: following })).rejects.toThrow(
      `127.0.0.1 is a loopback address${LOOPBACK_REFUSED}`,
    );
    expect(target.seen).toHaveLength(3);
    expect(other.seen).toHaveLength(0);
  });
});
