// Generates the Prisma client into src/generated/prisma.
//
// `prisma generate` needs no schema engine, but the stock CLI downloads one first unless
// PRISMA_SCHEMA_ENGINE_BINARY names an existing file; machines without access to Prisma's
// download host would fail there. Pointing it at this script skips the download.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const prismaCli = path.join(packageDir, 'node_modules', 'prisma', 'build', 'index.js');

const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  cwd: packageDir,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
