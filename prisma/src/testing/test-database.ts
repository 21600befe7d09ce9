import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { migrateDatabase } from '../migrate/index';

export interface TestDatabase {
  /** URL of a freshly migrated database nobody else uses. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** The server tests create their databases on: TEST_DATABASE_URL, else the local default. */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/**
 * Creates `shakedown_test_<random>` on the test server and applies the migrations, so parallel
 * and repeated test runs never share a database. `drop()` removes it.
 */
export async function createTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `shakedown_test_${randomBytes(6).toString('hex')}`;
  await runOnServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database: TestDatabase = {
    url: url.toString(),
    name,
    drop: () => runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
  if (options.migrate ?? true) {
    try {
      await migrateDatabase(database.url);
    } catch (error) {
      await database.drop();
      throw error;
    }
  }
  return database;
}

async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
