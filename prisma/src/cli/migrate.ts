// `pnpm db:migrate` and `pnpm db:migration:create NAME`.
import { z } from 'zod';

import { Migrator, MIGRATIONS_DIR, SCHEMA_PATH } from '../migrate/index';
import { exitWith } from './exit-with';

const EnvSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is not set: export the URL of the PostgreSQL database to use' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'),
});

const USAGE = `usage:
  db:migrate                     apply every pending migration to DATABASE_URL
  db:migration:create NAME       write a migration for the changes in schema.prisma
  check                          exit 1 when schema.prisma and the migrations differ`;

async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  const env = EnvSchema.safeParse(process.env);
  if (!env.success) {
    process.stderr.write(`${env.error.issues.map((issue) => issue.message).join('\n')}\n`);
    return 2;
  }
  const migrator = await Migrator.open({
    databaseUrl: env.data.DATABASE_URL,
    schemaPath: SCHEMA_PATH,
    migrationsDir: MIGRATIONS_DIR,
  });
  try {
    switch (command) {
      case 'deploy': {
        const applied = await migrator.deploy();
        process.stdout.write(
          applied.length === 0
            ? 'database is up to date\n'
            : `applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}\n`).join('')}`,
        );
        return 0;
      }
      case 'create': {
        if (!name) {
          process.stderr.write(`a migration name is required\n${USAGE}\n`);
          return 2;
        }
        const created = await migrator.createMigration(name);
        process.stdout.write(
          created
            ? `created ${created.path}\n`
            : 'schema.prisma matches the migrations: nothing to create\n',
        );
        return 0;
      }
      case 'check': {
        const report = await migrator.checkDrift();
        if (report.inSync) {
          process.stdout.write('schema.prisma matches the migrations\n');
          return 0;
        }
        process.stderr.write(`${report.problems.join('\n\n')}\n`);
        return 1;
      }
      default:
        process.stderr.write(`${USAGE}\n`);
        return 2;
    }
  } finally {
    await migrator.close();
  }
}

exitWith(main(process.argv.slice(2)));
