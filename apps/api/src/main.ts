import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Logger } from 'nestjs-pino';

import { createApp } from './app';
import { parseAppConfig } from './config/app-config';

async function main(): Promise<void> {
  const config = parseAppConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  app.get(Logger).log(`api listening on http://${config.HOST}:${port}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `api failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
