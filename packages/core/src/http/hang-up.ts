import type { Socket } from 'node:net';

/** What a request that the probe hung up on shows as its failure. */
export const HUNG_UP_MESSAGE =
  'the probe closed the connection once the request was sent, before any answer (a lost answer)';

/** The HTTP/1.1 bytes of one request that asks the server to close the connection after it. */
export function requestBytes(
  url: URL,
  method: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer | undefined,
): Buffer {
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) {
    if (['host', 'content-length', 'connection'].includes(name.toLowerCase())) continue;
    lines.push(`${name}: ${value}`);
  }
  lines.push(`content-length: ${body?.length ?? 0}`, 'connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body ?? Buffer.alloc(0)]);
}

/**
 * Writes `bytes` and closes the socket as soon as the kernel has them, so the server reads the
 * whole request but its answer finds nobody (the mobile-reconnect case).
 */
export function writeThenClose(socket: Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.write(bytes, (error) => {
      if (error) {
        reject(error);
        return;
      }
      socket.end();
      socket.destroy();
      resolve();
    });
  });
}
