import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import { createTestDatabase, testServerUrl, type TestDatabase } from '../testing/test-database';
import { Migrator } from './migrator';
import { MIGRATIONS_DIR, SCHEMA_PATH } from './paths';

async function listTables(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    return result.rows.map((row) => row.tablename);
  } finally {
    await client.end();
  }
}

describe('Migrator', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('applies every migration to an empty database, then has nothing left to apply', async () => {
    const migrator = await Migrator.open({
      databaseUrl: database.url,
      schemaPath: SCHEMA_PATH,
      migrationsDir: MIGRATIONS_DIR,
    });
    try {
      const folders = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
      expect(await migrator.deploy()).toEqual(folders);
      expect(await migrator.deploy()).toEqual([]);
    } finally {
      await migrator.close();
    }
    const tables = await listTables(database.url);
    expect(tables).toEqual(
      expect.arrayContaining(['_prisma_migrations', 'User', 'Org', 'Run', 'Finding', 'AuditLog']),
    );
  });
});

describe('drift between schema.prisma and the migrations', () => {
  let workDir: string;
  let schemaPath: string;
  let migrationsDir: string;

  beforeEach(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'shakedown-drift-'));
    schemaPath = path.join(workDir, 'schema.prisma');
    migrationsDir = path.join(workDir, 'migrations');
    await cp(SCHEMA_PATH, schemaPath);
    await cp(MIGRATIONS_DIR, migrationsDir, { recursive: true });
  });

  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  async function checkDrift(paths: { schemaPath: string; migrationsDir: string }) {
    const migrator = await Migrator.open({ databaseUrl: testServerUrl(), ...paths });
    try {
      return await migrator.checkDrift();
    } finally {
      await migrator.close();
    }
  }

  it('finds the repository in sync', async () => {
    const report = await checkDrift({ schemaPath: SCHEMA_PATH, migrationsDir: MIGRATIONS_DIR });
    expect(report.problems).toEqual([]);
    expect(report.inSync).toBe(true);
  });

  it('fails when schema.prisma gains a field no migration adds, and a new migration mends it', async () => {
    const schema = await readFile(schemaPath, 'utf8');
    await writeFile(
      schemaPath,
      schema.replace(
        '  slug      String   @unique',
        '  slug      String   @unique\n  plan      String?',
      ),
    );

    const drifted = await checkDrift({ schemaPath, migrationsDir });
    expect(drifted.inSync).toBe(false);
    expect(drifted.problems.join('\n')).toContain('ADD COLUMN     "plan" TEXT');

    const migrator = await Migrator.open({
      databaseUrl: testServerUrl(),
      schemaPath,
      migrationsDir,
    });
    try {
      const created = await migrator.createMigration('add_org_plan');
      expect(created?.sql).toContain('"plan" TEXT');
      expect(await migrator.createMigration('again')).toBeNull();
    } finally {
      await migrator.close();
    }
    expect(await checkDrift({ schemaPath, migrationsDir })).toEqual({ inSync: true, problems: [] });
  });

  it('fails when a migration was edited by hand and no longer builds what the schema says', async () => {
    const [first] = (await readdir(migrationsDir)).filter((name) => !name.endsWith('.toml')).sort();
    const sqlPath = path.join(migrationsDir, first!, 'migration.sql');
    const sql = await readFile(sqlPath, 'utf8');
    const edited = sql.replace(/CREATE INDEX "Finding_runId_severityRank_id_idx"[^;]*;/, '');
    expect(edited).not.toEqual(sql);
    await writeFile(sqlPath, edited);

    const report = await checkDrift({ schemaPath, migrationsDir });
    expect(report.inSync).toBe(false);
    expect(report.problems.join('\n')).toContain('Finding_runId_severityRank_id_idx');
  });
});
