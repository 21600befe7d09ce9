import { PrismaPg } from '@prisma/adapter-pg';

import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface CreatePrismaClientOptions {
  /** Connections in the pool; the default suits one API or worker process. */
  poolSize?: number;
}

/** The one way the product opens a database: Prisma 7's client over the `pg` driver adapter. */
export function createPrismaClient(
  databaseUrl: string,
  options: CreatePrismaClientOptions = {},
): Db {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
  });
  return new PrismaClient({ adapter });
}
