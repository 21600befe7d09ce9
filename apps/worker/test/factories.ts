import { randomBytes } from 'node:crypto';

import {
  encryptSecret,
  type Db,
  type Org,
  type Prisma,
  type Run,
  type Target,
} from '@shakedown/db';
import { createOrg, createTarget } from '@shakedown/db/testing';

import { TEST_APP_SECRET } from './harness';

export async function createOrgWithTarget(
  db: Db,
  options: {
    baseUrl: string;
    config: Prisma.InputJsonObject;
    verificationStatus?: Target['verificationStatus'];
    org?: Partial<Pick<Org, 'maxConcurrentRuns' | 'maxDailyRuns' | 'maxRps' | 'maxRequests'>>;
  },
): Promise<{ org: Org; target: Target }> {
  const org = await createOrg(db, options.org ?? {});
  const target = await createTarget(db, org.id, {
    name:
      (options.config.target as { name?: string } | undefined)?.name ??
      `target-${randomBytes(4).toString('hex')}`,
    baseUrl: options.baseUrl,
    config: options.config,
    verificationStatus: options.verificationStatus ?? 'unverified',
  });
  return { org, target };
}

/** Another target of the organisation. */
export function createSiblingTarget(
  db: Db,
  orgId: string,
  options: { name: string; baseUrl: string; config: Prisma.InputJsonObject },
): Promise<Target> {
  return db.target.create({
    data: { orgId, ...options, verificationToken: randomBytes(8).toString('hex') },
  });
}

/** A run as the API stores it: `queued`, with a snapshot of the target's config. */
export function createQueuedRun(
  db: Db,
  target: Target,
  overrides: { probes?: string[]; config?: Prisma.InputJsonValue } = {},
): Promise<Run> {
  return db.run.create({
    data: {
      orgId: target.orgId,
      targetId: target.id,
      trigger: 'api',
      probes: overrides.probes ?? [],
      ...(overrides.config
        ? { config: overrides.config }
        : {
            config: target.config as Prisma.InputJsonValue,
            secretsCiphertext: target.secretsCiphertext,
          }),
    },
  });
}

/** A Standard Webhooks signing secret: `whsec_` and base64 of 24 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export async function createWebhookEndpoint(
  db: Db,
  orgId: string,
  options: { url: string; events?: string[]; secret?: string },
): Promise<{ id: string; secret: string }> {
  const secret = options.secret ?? newSigningSecret();
  const endpoint = await db.webhookEndpoint.create({
    data: {
      orgId,
      url: options.url,
      events: options.events ?? ['run.completed', 'run.regressed', 'run.failed'],
      secretCiphertext: encryptSecret(secret, TEST_APP_SECRET),
    },
  });
  return { id: endpoint.id, secret };
}
