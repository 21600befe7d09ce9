import { isIP, type Socket } from 'node:net';

import {
  Agent,
  buildConnector,
  fetch,
  type Dispatcher,
  type RequestInit,
  type Response,
} from 'undici';

import {
  NetworkPolicyError,
  allowAllNetwork,
  assertUrlAllowed,
  resolveAllowed,
  type NetworkPolicy,
} from './network-policy';

export interface GuardedConnectorOptions {
  /** Connect timeout in milliseconds (undici's default is 10 s). */
  timeout?: number;
}

/**
 * An undici connector that enforces `policy` on every connection: it resolves the host once
 * (with the policy's resolver), refuses unless every address is allowed, connects to exactly the
 * address it checked (so no second lookup can be rebound), and checks the socket's remote address
 * again once connected. With {@link allowAllNetwork} it is undici's own connector.
 */
export function createGuardedConnector(
  policy: NetworkPolicy,
  options: GuardedConnectorOptions = {},
): buildConnector.connector {
  const base = buildConnector({ timeout: options.timeout ?? 10_000 });
  if (policy.allowsEverything) return base;
  return (connectOptions, callback) => {
    const hostname = connectOptions.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(connectOptions.port) || (connectOptions.protocol === 'https:' ? 443 : 80);
    resolveAllowed(hostname, port, policy).then(
      (addresses) => {
        const chosen = addresses[0]!;
        base(
          {
            ...connectOptions,
            hostname: chosen.address,
            // TLS still verifies the name that was asked for, not the address.
            servername: connectOptions.servername ?? (isIP(hostname) === 0 ? hostname : undefined),
          },
          (error, socket) => {
            if (error || !socket) {
              callback(error ?? new Error('connection failed'), null);
              return;
            }
            const remote = socket.remoteAddress ?? '';
            const refusal =
              remote === ''
                ? 'the connection has no remote address'
                : policy.refusal({ hostname, port, address: remote });
            if (refusal !== undefined) {
              socket.destroy();
              callback(new NetworkPolicyError(refusal, hostname, remote), null);
              return;
            }
            callback(null, socket);
          },
        );
      },
      (error: unknown) => {
        callback(error instanceof Error ? error : new Error(String(error)), null);
      },
    );
  };
}

/** Opens one connection through `connector`, for callers that must connect before sending. */
export function connectWith(connector: buildConnector.connector, url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    connector(
      {
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        host: url.host,
        protocol: url.protocol,
        port: url.port,
        servername: null,
        localAddress: null,
      } as unknown as buildConnector.Options,
      (error, socket) => {
        if (error || !socket) reject(error ?? new Error('connection failed'));
        else resolve(socket);
      },
    );
  });
}

/**
 * An undici dispatcher whose every connection goes through the policy. Use it for anything
 * the hosted service sends to customer-controlled URLs (webhooks). It never follows redirects
 * by itself; if a caller adds a redirect interceptor, each hop's connection is still checked.
 */
export function createGuardedDispatcher(
  policy: NetworkPolicy,
  options: Agent.Options & GuardedConnectorOptions = {},
): Dispatcher {
  const { timeout, ...agentOptions } = options;
  return new Agent({
    ...agentOptions,
    connect: createGuardedConnector(policy, timeout === undefined ? {} : { timeout }),
  });
}

const dispatchers = new WeakMap<NetworkPolicy, Dispatcher>();

/**
 * `fetch` for customer-controlled URLs (webhook deliveries): the URL is pre-checked, every
 * connection is checked after DNS, and redirects are never followed (a 3xx is returned as the
 * answer), so an allowed host cannot bounce the request to a blocked one.
 */
export async function guardedFetch(
  url: string | URL,
  init: Omit<RequestInit, 'dispatcher' | 'redirect'> = {},
  policy: NetworkPolicy = allowAllNetwork,
): Promise<Response> {
  await assertUrlAllowed(url, policy);
  let dispatcher = dispatchers.get(policy);
  if (!dispatcher) {
    dispatcher = createGuardedDispatcher(policy);
    dispatchers.set(policy, dispatcher);
  }
  return fetch(url, { ...init, redirect: 'manual', dispatcher });
}
