import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';

import { createDemoApi, type DemoApiOptions } from '@shakedown/demo-api';

import type { Config } from '../../src/config/config.schema';
import { parseConfigText } from '../../src/config/parse-config';

const DEMO_YML = path.resolve(__dirname, '../../../../examples/demo.yml');

export interface DemoTarget {
  server: Server;
  /** examples/demo.yml, pointed at this demo API. */
  config: Config;
  /** Requests the demo API received so far. */
  requests: () => number;
}

/** The bundled demo API on a free 127.0.0.1 port, and examples/demo.yml aimed at it. */
export async function startDemo(options: DemoApiOptions = {}): Promise<DemoTarget> {
  const server = createDemoApi(options);
  let requests = 0;
  server.on('request', () => {
    requests += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const parsed = parseConfigText(readFileSync(DEMO_YML, 'utf8'));
  if (!parsed.ok) throw new Error(`examples/demo.yml: ${JSON.stringify(parsed.issues)}`);
  const config = {
    ...parsed.config,
    target: { ...parsed.config.target, baseUrl: `http://127.0.0.1:${port}` },
  };
  return { server, config, requests: () => requests };
}

/** Closes a demo API, its open connections included. */
export function stopDemo(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
