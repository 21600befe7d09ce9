// The API under benchmark, in its own process so the load generator does not share its event loop.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createApp } from '../src/app';
import { parseAppConfig } from '../src/config/app-config';

async function main(): Promise<void> {
  const app = await createApp(parseAppConfig(process.env));
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  // SIGTERM closes the app through Nest's shutdown hooks (createApp enables them); a second
  // close here raced the first and crashed on the Redis connection it had already quit.
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${String(error)}\n`);
  process.exit(1);
});
