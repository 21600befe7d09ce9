import { Migrator } from './migrator';
import { MIGRATIONS_DIR, SCHEMA_PATH } from './paths';

export {
  Migrator,
  MigrationError,
  type CreatedMigration,
  type DriftReport,
  type MigratorOptions,
} from './migrator';
export { MIGRATIONS_DIR, SCHEMA_PATH } from './paths';

/** Applies the package's migrations to `databaseUrl`; returns the names applied now. */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const migrator = await Migrator.open({
    databaseUrl,
    schemaPath: SCHEMA_PATH,
    migrationsDir: MIGRATIONS_DIR,
  });
  try {
    return await migrator.deploy();
  } finally {
    await migrator.close();
  }
}
