import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';

import { ConfigSchema, type Config, type ConfigInput } from '../../src/config/config.schema';

/** What a test target saw: every request line, in order. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** Which TCP connection it came on (1, 2, …). */
  connection: number;
}

export interface RunningTarget {
  url: string;
  port: number;
  server: Server;
  /** Requests the server received (counted when their headers arrive). */
  readonly seen: SeenRequest[];
  /** TCP connections accepted. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Starts `listener` on 127.0.0.1 on an ephemeral port, counting requests and connections. */
export async function startTarget(listener: RequestListener): Promise<RunningTarget> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const connectionIds = new WeakMap<Socket, number>();
  let connections = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    seen.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      connection: connectionIds.get(request.socket) ?? 0,
    });
    listener(request, response);
  });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    connectionIds.set(socket, connections);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    seen,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A full config from a partial one (defaults filled in, as the CLI would parse it). */
export function configFor(input: ConfigInput): Config {
  return ConfigSchema.parse(input);
}
