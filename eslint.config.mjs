// One flat config for the whole repository; packages run `eslint .` and inherit it.
// e2e/src/lint-rules.spec.ts proves that the boundary rules below report what they should.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import checkFile from 'eslint-plugin-check-file';
import importX from 'eslint-plugin-import-x';
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

const root = import.meta.dirname;
const web = (folder) => join(root, 'apps/web/src', folder);
const webFeatures = readdirSync(web('features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * The web app's shape (bulletproof-react's): pages in `app/` compose features; a feature never
 * imports another feature or `app/`; the shared folders import neither.
 */
const webZones = [
  ...webFeatures.map((feature) => ({
    target: web(`features/${feature}`),
    from: web('features'),
    except: [`./${feature}`],
    message: 'A feature does not import another feature: compose them in app/.',
  })),
  {
    target: web('features'),
    from: web('app'),
    message: 'A feature does not import app/: app/ composes the features.',
  },
  ...['components', 'lib', 'config', 'testing'].map((shared) => ({
    target: web(shared),
    from: [web('features'), web('app')],
    message: `${shared}/ is shared: it imports neither features nor app/.`,
  })),
];

/** The first segment of every API path (`runs`, `api-keys`, …), read from core's endpoints. */
const endpointsDir = join(root, 'packages/core/src/contract/endpoints');
const apiResources = [
  ...new Set(
    readdirSync(endpointsDir)
      .filter((name) => name.endsWith('.endpoints.ts'))
      .flatMap((name) =>
        [...readFileSync(join(endpointsDir, name), 'utf8').matchAll(/path: '\/([a-z-]+)/g)].map(
          (match) => match[1],
        ),
      ),
  ),
];
/** A string that reads as a path: `/anything`, or an API resource and more (`runs/${id}`). */
const PATH_PATTERN = `/^(\\/[A-Za-z]|(?:${apiResources.join('|')})[\\/?])/`;
const PATH_MESSAGE =
  "No path typed by hand: call the API through an endpoint of @shakedown/core/contract (api.call(RunEndpoints.get, { params: { id } })); the dashboard's own pages are in apps/web/src/config/paths.ts.";

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
    plugins: { 'check-file': checkFile, 'import-x': importX },
    settings: {
      // Without these, import-x reads no TypeScript file it is led to, and finds no cycle.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      // The tsconfig paths lead workspace packages to their sources, so cycles across packages show.
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          noWarnOnMultipleProjects: true,
          project: ['*/tsconfig.json', 'apps/*/tsconfig.json', 'packages/*/tsconfig.json'].map(
            (pattern) => join(root, pattern),
          ),
        }),
      ],
    },
    rules: {
      // Cycles are ours to find: walking node_modules (zod's 100 files) only costs time.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
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
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: webZones }] },
  },
  {
    // The API's paths live in core's endpoints, the dashboard's pages in its config/paths.ts.
    files: ['apps/web/src/**/*.{ts,tsx}', 'apps/cli/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.spec.tsx', '**/testing/**', 'apps/web/src/config/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${PATH_PATTERN}]`, message: PATH_MESSAGE },
        {
          selector: `TemplateLiteral > TemplateElement:first-child[value.cooked=${PATH_PATTERN}]`,
          message: PATH_MESSAGE,
        },
      ],
    },
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
