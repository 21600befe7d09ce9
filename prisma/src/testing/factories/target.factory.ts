import { randomBytes } from 'node:crypto';

import type { Prisma, Target } from '../../generated/prisma/client';
import type { Db } from '../../client';

/** A valid config document of docs/spec/config.md. */
export function configDocument(
  name: string,
  baseUrl = 'http://127.0.0.1:4010',
): Prisma.InputJsonObject {
  return {
    version: 1,
    target: { name, baseUrl },
    routes: [
      { id: 'create-order', method: 'POST', path: '/orders', body: { item: 'book', qty: 1 } },
      { id: 'list-orders', method: 'GET', path: '/orders' },
    ],
  };
}

export function createTarget(
  db: Db,
  orgId: string,
  overrides: Partial<
    Pick<Target, 'name' | 'baseUrl' | 'verificationStatus' | 'secretsCiphertext'>
  > & {
    config?: Prisma.InputJsonObject;
  } = {},
): Promise<Target> {
  const name = overrides.name ?? `target-${randomBytes(4).toString('hex')}`;
  const baseUrl = overrides.baseUrl ?? 'http://127.0.0.1:4010';
  return db.target.create({
    data: {
      orgId,
      name,
      baseUrl,
      config: overrides.config ?? configDocument(name, baseUrl),
      secretsCiphertext: overrides.secretsCiphertext ?? null,
      verificationToken: randomBytes(16).toString('hex'),
      verificationStatus: overrides.verificationStatus ?? 'verified',
      verificationMethod: 'allowlist',
    },
  });
}
