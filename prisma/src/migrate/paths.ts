import path from 'node:path';

/** The package's own folder, whether running from `src` (tests) or `dist`. */
export const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
export const SCHEMA_PATH = path.join(PACKAGE_DIR, 'schema.prisma');
export const MIGRATIONS_DIR = path.join(PACKAGE_DIR, 'migrations');
