// One flat config for the whole repository; packages run `eslint .` and inherit it.
import js from '@eslint/js';
import checkFile from 'eslint-plugin-check-file';
import jest from 'eslint-plugin-jest';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports that would break the one-way flow web → core, cli → core, api/worker → core, db. */
const forbiddenInCore = [
  '@nestjs/*',
  '@prisma/*',
  'bullmq',
  'ioredis',
  'react',
  'react-dom',
  '@shakedown/db',
  '@shakedown/nest-infra',
  '@shakedown/api',
  '@shakedown/worker',
  '@shakedown/web',
  '@shakedown/cli',
];
const forbiddenInWeb = [
  '@nestjs/*',
  '@prisma/*',
  'bullmq',
  'ioredis',
  '@shakedown/db',
  '@shakedown/nest-infra',
  '@shakedown/api',
  '@shakedown/worker',
  '@shakedown/cli',
  'node:*',
];
/** The database package sits under nest-infra and the apps; nest-infra under the apps. */
const forbiddenInDb = ['@nestjs/*', '@shakedown/nest-infra', '@shakedown/api', '@shakedown/worker'];
const forbiddenInNestInfra = [
  '@shakedown/api',
  '@shakedown/worker',
  '@shakedown/web',
  '@shakedown/cli',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/generated/**',
      '**/coverage/**',
      '**/node_modules/**',
      '**/test-results/**',
      '.data/**',
      '.tools/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'check-file': checkFile },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'check-file/filename-naming-convention': [
        'error',
        { '**/*.{ts,tsx}': 'KEBAB_CASE' },
        { ignoreMiddleExtensions: true },
      ],
      'no-console': 'error',
    },
  },
  {
    // NestJS injects by the emitted type metadata: type-only imports of injected classes break it.
    files: ['apps/api/**/*.ts', 'apps/worker/**/*.ts', 'packages/nest-infra/**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: forbiddenInCore }],
    },
  },
  {
    files: ['prisma/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbiddenInDb }] },
  },
  {
    files: ['packages/nest-infra/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbiddenInNestInfra }] },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The bundle that ships to browsers; its build config and browser tests run on Node.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ignores: ['**/*.spec.ts', '**/*.spec.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbiddenInWeb }] },
  },
  {
    files: ['apps/cli/**/*.ts', 'scripts/**/*.ts', '**/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/test/**/*.ts', '**/testing/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
