import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { formatConfigIssue, parseConfigDocument } from '@shakedown/core/config';
import { parse as parseYaml } from 'yaml';

import type { Db } from '../client';
import type { Prisma } from '../generated/prisma/client';
import { hashPassword } from '../passwords';

export const DEMO_USER = {
  email: 'demo@shakedown.dev',
  password: 'shakedown-demo',
  name: 'Demo User',
};
export const DEMO_ORG = { slug: 'demo', name: 'Demo Organisation' };
export const DEMO_CONFIG_PATH = path.resolve(__dirname, '..', '..', '..', 'examples', 'demo.yml');

export interface SeedDemoOptions {
  /** Where the bundled demo API listens; replaces the config's baseUrl. */
  demoApiUrl: string;
}

/**
 * Creates the demo login, organisation and the bundled demo API as a verified target.
 * Idempotent: running it again changes nothing but the demo target's URL.
 */
export async function seedDemo(db: Db, options: SeedDemoOptions): Promise<void> {
  // Targets keep the config document as written (sizes as "16KB"), so editors round-trip it.
  const written = parseYaml(await readFile(DEMO_CONFIG_PATH, 'utf8')) as {
    target: Record<string, unknown>;
  };
  const document = { ...written, target: { ...written.target, baseUrl: options.demoApiUrl } };
  const parsed = parseConfigDocument(document);
  if (!parsed.ok) {
    throw new Error(
      `examples/demo.yml is invalid:\n${parsed.issues.map(formatConfigIssue).join('\n')}`,
    );
  }
  const config = document as Prisma.InputJsonValue;

  const existing = await db.user.findUnique({ where: { email: DEMO_USER.email } });
  const user =
    existing ??
    (await db.user.create({
      data: {
        email: DEMO_USER.email,
        name: DEMO_USER.name,
        passwordHash: await hashPassword(DEMO_USER.password),
      },
    }));
  const org = await db.org.upsert({
    where: { slug: DEMO_ORG.slug },
    update: {},
    create: { slug: DEMO_ORG.slug, name: DEMO_ORG.name },
  });
  await db.membership.upsert({
    where: { orgId_userId: { orgId: org.id, userId: user.id } },
    update: {},
    create: { orgId: org.id, userId: user.id, role: 'owner' },
  });
  await db.target.upsert({
    where: { orgId_name: { orgId: org.id, name: parsed.config.target.name } },
    // In clear, as `db:seed` has no APP_SECRET: the worker seals it when it starts.
    update: { baseUrl: options.demoApiUrl, config, secretsCiphertext: null },
    create: {
      orgId: org.id,
      name: parsed.config.target.name,
      baseUrl: options.demoApiUrl,
      config,
      verificationToken: randomBytes(16).toString('hex'),
      verificationStatus: 'verified',
      verificationMethod: 'allowlist',
      verifiedAt: new Date(),
    },
  });
}
