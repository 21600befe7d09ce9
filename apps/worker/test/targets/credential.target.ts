import { createServer, type Server } from 'node:http';

import { listenLocally } from '@shakedown/core/testing';
import type { Prisma } from '@shakedown/db';

import { itemsConfig } from './items.target';

/**
 * A local API whose `GET /items` answers only the caller with `Authorization: <credential>`
 * (401 to anyone else) and echoes the credential in its answer, as some APIs do: a run reaches
 * it only when the worker sends the real credential, and its evidence shows whether the
 * credential was masked. No rate limit, so the `ratelimit.missing` defect fires when it answers.
 */
export interface CredentialTarget {
  url: string;
  /** Requests answered 200 (the right credential) and 401 (any other). */
  counts: { authorized: number; refused: number };
  close(): Promise<void>;
}

export async function startCredentialTarget(credential: string): Promise<CredentialTarget> {
  const counts = { authorized: 0, refused: 0 };
  const server: Server = createServer((request, response) => {
    request.resume();
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/items') {
      response.writeHead(path === '/' ? 200 : 404, { 'content-type': 'application/json' });
      response.end('{}');
      return;
    }
    const authorized = request.headers.authorization === credential;
    counts[authorized ? 'authorized' : 'refused'] += 1;
    response.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        authorized ? { items: [{ id: 1 }], caller: credential } : { error: 'unauthorized' },
      ),
    );
  });
  const { port, close } = await listenLocally(server);
  return { url: `http://127.0.0.1:${port}`, counts, close };
}

/** A credential target started before the file's tests (fields set then) and closed after. */
export function useCredentialTarget(credential: string): CredentialTarget {
  const target = {} as CredentialTarget;
  beforeAll(async () => {
    Object.assign(target, await startCredentialTarget(credential));
  });
  afterAll(() => target.close());
  return target;
}

/** The items config with one tenant, `alice`, whose credential the target requires. */
export function configWithCredential(
  name: string,
  baseUrl: string,
  credential: string,
): Prisma.InputJsonObject {
  const document = itemsConfig(name, baseUrl, { burst: 20, maxRps: 100, maxRequests: 400 });
  return {
    ...document,
    target: {
      ...(document.target as Prisma.InputJsonObject),
      tenants: { alice: { headers: { Authorization: credential } } },
    },
  };
}
