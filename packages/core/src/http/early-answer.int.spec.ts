import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

import { parseAnswer, sendWatchingForEarlyAnswer } from './early-answer';
import { createGuardedConnector } from './guarded-connector';
import { allowAllNetwork } from './network-policy';

const BODY = Buffer.alloc(4 * 1024 ** 2, 'x');

/** A raw TCP server: `onHead` gets each connection once a request head has arrived. */
async function rawServer(
  onHead: (socket: Socket, head: string, bodyBytes: () => number) => void,
): Promise<{ url: URL; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let seen = Buffer.alloc(0);
    let headEnd = -1;
    socket.on('data', (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      if (headEnd !== -1) return;
      headEnd = seen.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      onHead(socket, seen.subarray(0, headEnd).toString('latin1'), () => seen.length - headEnd - 4);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/things`),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const options = {
  connector: createGuardedConnector(allowAllNetwork, { timeout: 5_000 }),
  idleMs: 5_000,
  now: () => performance.now(),
};

describe('sendWatchingForEarlyAnswer', () => {
  it('reads a 413 sent on the head alone, then a reset, without sending the body', async () => {
    let head = '';
    let bodyBytes = () => 0;
    const server = await rawServer((socket, text, received) => {
      head = text;
      bodyBytes = received;
      socket.write('HTTP/1.1 413 Payload Too Large\r\ncontent-length: 13\r\n\r\n{"error":"x"}');
      socket.resetAndDestroy();
    });
    try {
      const answer = await sendWatchingForEarlyAnswer(server.url, 'POST', {}, BODY, options);
      expect(answer?.statusCode).toBe(413);
      expect(answer?.kept.toString()).toBe('{"error":"x"}');
      expect(head).toMatch(/^POST \/things HTTP\/1\.1\r\n/);
      expect(head).toContain(`content-length: ${BODY.length}`);
      expect(head).toContain('expect: 100-continue');
      expect(bodyBytes()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('sends the body after 100 Continue and stops once the server refuses it midway', async () => {
    const server = await rawServer((socket, _head, received) => {
      socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      const poll = setInterval(() => {
        if (received() < 256 * 1024) return;
        clearInterval(poll);
        socket.write('HTTP/1.1 413 Payload Too Large\r\nconnection: close\r\n\r\n');
        setTimeout(() => socket.destroy(), 20);
      }, 1);
    });
    try {
      const answer = await sendWatchingForEarlyAnswer(server.url, 'POST', {}, BODY, options);
      expect(answer?.statusCode).toBe(413);
    } finally {
      await server.close();
    }
  });

  it('gives nothing when the server closes without an answer', async () => {
    const server = await rawServer((socket) => socket.resetAndDestroy());
    try {
      expect(await sendWatchingForEarlyAnswer(server.url, 'POST', {}, BODY, options)).toBe(
        undefined,
      );
    } finally {
      await server.close();
    }
  });
});

describe('parseAnswer', () => {
  it('skips interim answers and cuts the body at content-length', () => {
    const bytes = Buffer.from(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 413 Too Large\r\nX-A: 1\r\nx-a: 2\r\ncontent-length: 2\r\n\r\n{}junk',
    );
    expect(parseAnswer(bytes, 5)).toEqual({
      statusCode: 413,
      headers: { 'x-a': '1, 2', 'content-length': '2' },
      kept: Buffer.from('{}'),
      bodyBytes: 2,
      ms: 5,
    });
  });

  it('needs a complete head', () => {
    expect(parseAnswer(Buffer.from('HTTP/1.1 413 Too Large\r\nx-a: 1'), 0)).toBeUndefined();
    expect(parseAnswer(Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'), 0)).toBeUndefined();
    expect(parseAnswer(Buffer.from('garbage\r\n\r\n'), 0)).toBeUndefined();
  });
});
