import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { SchemaEngine } from '@prisma/schema-engine-wasm' with { 'resolution-mode': 'import' };

import type * as SchemaEngineGlue from '@prisma/schema-engine-wasm/schema_engine_bg' with {
  'resolution-mode': 'import',
};

type SchemaEngineModule = typeof SchemaEngineGlue;

/** The slice of the WebAssembly global this module uses (lib.dom is not in our Node typings). */
interface WebAssemblyApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, unknown>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

let loading: Promise<SchemaEngineModule> | undefined;

/**
 * Loads Prisma's WebAssembly schema engine.
 *
 * The package is built for bundlers (`import * as wasm from './x.wasm'`), which Node cannot
 * import, so the module is instantiated by hand with the JS glue's exports as its imports.
 * The glue is a singleton, so this happens once per process.
 */
export function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  loading ??= (async () => {
    const glue: SchemaEngineModule = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmBytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await wasmApi.instantiate(wasmBytes, {
      './schema_engine_bg.js': withUnrefTimers(glue),
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return glue;
  })();
  return loading;
}

export type { SchemaEngine };

/**
 * The engine arms timeouts (lock and connection waits) it never clears; unref'd, they no
 * longer keep a finished process alive for ten seconds.
 */
function withUnrefTimers(glue: SchemaEngineModule): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, value] of Object.entries(glue)) {
    if (name.startsWith('__wbg_setTimeout_') && typeof value === 'function') {
      const setTimer = value as (...args: unknown[]) => unknown;
      imports[name] = (...args: unknown[]) => {
        const timer = setTimer(...args);
        (timer as { unref?: () => void }).unref?.();
        return timer;
      };
    }
  }
  return imports;
}
