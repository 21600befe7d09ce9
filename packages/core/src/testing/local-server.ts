import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';

/** A test server listening on the loopback address: the only place test traffic may go. */
export interface LocalServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/** Listens on 127.0.0.1 at a free port; `close` also ends the kept-alive connections. */
export async function listenLocally(server: Server): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on now: bound once, then released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
