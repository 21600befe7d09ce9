// Bundles the CLI (and, with --action, the GitHub Action) with esbuild: core, commander, yaml,
// zod and undici go inside, so the published package has no runtime dependency to install.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '..');
const root = path.resolve(cli, '..', '..');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Smaller and quicker to parse; names are kept so error names and stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  // No source maps: they would ship the monorepo's sources and paths.
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // core's subpaths are resolved from source, exactly as the type checker sees them.
  tsconfig: path.join(cli, 'tsconfig.json'),
};

/** `require('./engine')` of main.ts loads the engine's own bundle, parsed only by `run`. */
const engineApart = {
  name: 'engine-apart',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/engine$/ }, (args) =>
      args.importer.endsWith(`${path.sep}main.ts`)
        ? { path: './shakedown-engine.js', external: true }
        : undefined,
    );
  },
};

const { version } = JSON.parse(readFileSync(path.join(cli, 'package.json'), 'utf8'));

const targets = process.argv.includes('--action')
  ? [
      {
        entry: 'src/action/action-main.ts',
        out: path.join(root, 'action', 'dist', 'index.js'),
        define: { SHAKEDOWN_VERSION: JSON.stringify(version) },
      },
    ]
  : [
      { entry: 'src/main.ts', out: path.join(cli, 'dist', 'shakedown.js'), plugins: [engineApart] },
      { entry: 'src/engine.ts', out: path.join(cli, 'dist', 'shakedown-engine.js') },
    ];

for (const { entry, out, plugins = [], define = {} } of targets) {
  await build({ ...common, entryPoints: [path.join(cli, entry)], outfile: out, plugins, define });
  process.stdout.write(`bundled ${path.relative(root, out)}\n`);
}
