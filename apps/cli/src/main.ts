#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { runCli } from './cli';
import { processIo } from './cli-io';
import type { Engine, loadEngine as LoadEngine } from './engine';

function version(): string {
  try {
    const manifest = JSON.parse(
      readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'),
    ) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * The probe engine (undici, the load engine) is loaded only by `run`: `--version`, `--help`,
 * `validate` and `remote run` start without parsing it. The package bundles it on its own
 * (`dist/shakedown-engine.js`, see scripts/bundle.mjs).
 */
function loadEngine(): Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./engine') as { loadEngine: typeof LoadEngine }).loadEngine();
}

void runCli(process.argv, processIo(), { loadEngine, version: version() }).then((code) => {
  // Exit once stdout and stderr are flushed: a piped report must not be cut short, and
  // keep-alive sockets must not hold the process open.
  process.stdout.write('', () => {
    process.stderr.write('', () => process.exit(code));
  });
});
