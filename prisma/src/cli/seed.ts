// `pnpm db:seed`: the demo login, organisation and target (used by `npm start`).
import { z } from 'zod';

import { createPrismaClient } from '../client';
import { DEMO_USER, seedDemo } from '../seed/demo';
import { exitWith } from './exit-with';

const EnvSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is not set: export the URL of the PostgreSQL database to seed' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'),
  DEMO_API_URL: z.url().default('http://127.0.0.1:4010'),
});

async function main(): Promise<number> {
  const env = EnvSchema.safeParse(process.env);
  if (!env.success) {
    process.stderr.write(`${env.error.issues.map((issue) => issue.message).join('\n')}\n`);
    return 2;
  }
  const db = createPrismaClient(env.data.DATABASE_URL, { poolSize: 2 });
  try {
    await seedDemo(db, { demoApiUrl: env.data.DEMO_API_URL });
    process.stdout.write(`demo seeded: ${DEMO_USER.email}\n`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

exitWith(main());
