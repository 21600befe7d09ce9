import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Logger } from 'nestjs-pino';

import { createWorker } from './app';
import { parseWorkerConfig } from './config/worker-config';

async function main(): Promise<void> {
  const config = parseWorkerConfig(process.env);
  const app = await createWorker(config);
  await app.listen(config.PORT, config.HOST);
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  app.get(Logger).log(`worker ready; health on http://${config.HOST}:${port}/health`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
