import type { Db } from '@shakedown/db';

import { startTestApi, type TestApi } from './harness';
import { buildOrgWorld, openDb, type OrgWorld } from './world';

/** The API under test, a database client and one organisation's world, for a file's tests. */
export interface LiveOrgWorld {
  /** Set before the first test runs, like the two below. */
  api: TestApi;
  db: Db;
  a: OrgWorld;
}

/** Starts the API and builds the world named `name` before a file's tests; closes both after. */
export function useOrgWorld(name: string): LiveOrgWorld {
  const live = {} as LiveOrgWorld;
  beforeAll(async () => {
    live.api = await startTestApi();
    live.db = openDb(live.api);
    live.a = await buildOrgWorld(live.api, live.db, name);
  }, 180_000);
  afterAll(async () => {
    await live.db.$disconnect();
    await live.api.close();
  });
  return live;
}
