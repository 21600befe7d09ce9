// Runs the worker from its TypeScript sources in a child process (the crash and scale-out
// tests), compiled on the fly by SWC with the same settings as jest: decorator metadata for
// NestJS, workspace packages mapped to their sources. `node -r ./test/register-ts.js src/main.ts`
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const { transformSync } = require('@swc/core');

const ROOT = path.resolve(__dirname, '../../..');
const ALIASES = [
  [/^@shakedown\/core$/, 'packages/core/src/index.ts'],
  [/^@shakedown\/core\/(.+)$/, 'packages/core/src/$1'],
  [/^@shakedown\/db$/, 'prisma/src/index.ts'],
  [/^@shakedown\/db\/(.+)$/, 'prisma/src/$1'],
  [/^@shakedown\/nest-infra$/, 'packages/nest-infra/src/index.ts'],
  [/^@shakedown\/demo-api$/, 'apps/demo-api/src/index.ts'],
];

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, parent, ...rest) {
  for (const [pattern, target] of ALIASES) {
    if (pattern.test(request)) {
      return resolveFilename.call(
        this,
        path.join(ROOT, request.replace(pattern, target)),
        parent,
        ...rest,
      );
    }
  }
  return resolveFilename.call(this, request, parent, ...rest);
};

Module._extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
