import { createPrismaClient, type Db } from '../client';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createOrgWithOwner } from './factories';

export interface TwoOrgs {
  db: Db;
  database: TestDatabase;
  a: { orgId: string; userId: string };
  b: { orgId: string; userId: string };
  close(): Promise<void>;
}

/** A fresh database with two organisations, for "org B cannot read org A's row". */
export async function twoOrgs(): Promise<TwoOrgs> {
  const database = await createTestDatabase();
  const db = createPrismaClient(database.url, { poolSize: 4 });
  const a = await createOrgWithOwner(db);
  const b = await createOrgWithOwner(db);
  return {
    db,
    database,
    a: { orgId: a.org.id, userId: a.owner.id },
    b: { orgId: b.org.id, userId: b.owner.id },
    close: async () => {
      await db.$disconnect();
      await database.drop();
    },
  };
}
