// Used by the stock Prisma CLI (`prisma generate`, and `prisma migrate deploy` on machines that
// can download Prisma's schema engine). On machines that cannot, src/migrate.ts applies the
// same migrations through Prisma's WebAssembly schema engine.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/shakedown' },
});
