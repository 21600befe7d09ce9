import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

import type { buildConnector } from 'undici';

import { Http1Connection, type Http1Handler } from './http1-connection';

/** A stand-in for a TCP socket: the test plays the server by emitting what it "receives". */
class FakeSocket extends EventEmitter {
  written: Buffer[] = [];
  isDestroyed = false;
  write(bytes: Buffer): boolean {
    this.written.push(bytes);
    return true;
  }
  destroy(): this {
    if (!this.isDestroyed) {
      this.isDestroyed = true;
      queueMicrotask(() => this.emit('close'));
    }
    return this;
  }
}

interface Outcome {
  status: number;
  body: string;
  completed: number;
  errors: Error[];
}

function recorder(): Http1Handler & { outcome: Outcome } {
  const outcome: Outcome = { status: 0, body: '', completed: 0, errors: [] };
  return {
    outcome,
    onHeaders: (status) => {
      outcome.status = status;
      return true;
    },
    onBody: (buffer, start, end) => {
      outcome.body += buffer.toString('latin1', start, end);
    },
    onComplete: () => {
      outcome.completed += 1;
    },
    onError: (error) => {
      outcome.errors.push(error);
    },
  };
}

function setup() {
  const sockets: FakeSocket[] = [];
  const connector: buildConnector.connector = (_options, callback) => {
    const socket = new FakeSocket();
    sockets.push(socket);
    callback(null, socket as unknown as Socket);
  };
  const connection = new Http1Connection(
    { protocol: 'http:', hostname: '127.0.0.1', host: '127.0.0.1:80', port: 80 },
    connector,
  );
  return { connection, sockets };
}

const REQUEST = Buffer.from('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');

/** Sends one request and feeds `answer` split at `cuts`; returns what the handler saw. */
function exchange(answer: string, cuts: number[], options: { isHead?: boolean } = {}) {
  const { connection, sockets } = setup();
  const handler = recorder();
  connection.request(REQUEST, options.isHead ?? false, handler, 0);
  const socket = sockets[0]!;
  const bytes = Buffer.from(answer, 'latin1');
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut > from) socket.emit('data', bytes.subarray(from, cut));
    from = Math.max(from, cut);
  }
  return { outcome: handler.outcome, socket, connection, sockets };
}

const ANSWERS: [string, string, number, string][] = [
  ['content-length', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello', 200, 'hello'],
  [
    'chunked with extensions and trailers',
    'HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n',
    201,
    'hello world',
  ],
  [
    'upper-case hex chunk',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n',
    200,
    '0123456789',
  ],
  ['empty body', 'HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n', 500, ''],
  ['204 without length', 'HTTP/1.1 204 No Content\r\nx: y\r\n\r\n', 204, ''],
  [
    '1xx before the answer',
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok',
    200,
    'ok',
  ],
];

describe('Http1Connection parses answers however the bytes are split', () => {
  it.each(ANSWERS)('%s: at every single split point', (_name, answer, status, body) => {
    for (let cut = 0; cut <= answer.length; cut++) {
      const { outcome, socket } = exchange(answer, [cut]);
      expect({ cut, ...outcome }).toEqual({ cut, status, body, completed: 1, errors: [] });
      expect(socket.isDestroyed).toBe(false);
    }
  });

  it.each(ANSWERS)('%s: one byte at a time', (_name, answer, status, body) => {
    const cuts = Array.from({ length: answer.length }, (_, i) => i);
    const { outcome } = exchange(answer, cuts);
    expect(outcome).toEqual({ status, body, completed: 1, errors: [] });
  });
});

describe('Http1Connection framing and keep-alive', () => {
  it('reuses the socket for the next request, writing the request bytes as given', () => {
    const { connection, sockets } = setup();
    for (let i = 0; i < 3; i++) {
      const handler = recorder();
      connection.request(REQUEST, false, handler, i);
      sockets[0]!.emit('data', Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\nx'));
      expect(handler.outcome.completed).toBe(1);
    }
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.written).toEqual([REQUEST, REQUEST, REQUEST]);
  });

  it('a HEAD answer has no body, whatever its content-length says', () => {
    const { outcome } = exchange('HTTP/1.1 200 OK\r\ncontent-length: 1234\r\n\r\n', [], {
      isHead: true,
    });
    expect(outcome).toEqual({ status: 200, body: '', completed: 1, errors: [] });
  });

  it('an answer without length or chunking ends with the connection, which is not reused', async () => {
    const { outcome, socket } = exchange('HTTP/1.1 200 OK\r\n\r\npart one, ', []);
    socket.emit('data', Buffer.from('part two'));
    expect(outcome.completed).toBe(0);
    socket.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcome).toEqual({ status: 200, body: 'part one, part two', completed: 1, errors: [] });
  });

  it('closes after "connection: close" and after HTTP/1.0, and opens a new socket next time', () => {
    for (const answer of [
      'HTTP/1.1 200 OK\r\nConnection: close\r\ncontent-length: 2\r\n\r\nok',
      'HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok',
      'HTTP/1.1 200 OK\r\nconnection: Upgrade, close\r\ncontent-length: 2\r\n\r\nok',
    ]) {
      const { outcome, socket, connection, sockets } = exchange(answer, []);
      expect(outcome.completed).toBe(1);
      expect(socket.isDestroyed).toBe(true);
      connection.request(REQUEST, false, recorder(), 1);
      expect(sockets).toHaveLength(2);
    }
  });

  it('keeps an HTTP/1.0 connection that asks for keep-alive', () => {
    const { socket } = exchange(
      'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\ncontent-length: 2\r\n\r\nok',
      [],
    );
    expect(socket.isDestroyed).toBe(false);
  });

  it('does not reuse a socket idle past the server’s keep-alive hint (minus 1 s)', () => {
    const { connection, sockets } = exchange(
      'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\ncontent-length: 2\r\n\r\nok',
      [],
    );
    connection.request(REQUEST, false, recorder(), 3_999);
    expect(sockets).toHaveLength(1);
    sockets[0]!.emit('data', Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'));
    connection.request(REQUEST, false, recorder(), 3_999 + 4_001);
    expect(sockets).toHaveLength(2);
    expect(sockets[0]!.isDestroyed).toBe(true);
  });

  it('lets transfer-encoding override content-length', () => {
    const { outcome } = exchange(
      'HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      [],
    );
    expect(outcome.body).toBe('hello');
  });
});

describe('Http1Connection failures', () => {
  it.each([
    ['not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n', /not an HTTP\/1.x status line/],
    ['a bad status', 'HTTP/1.1 2x0 OK\r\n\r\n', /bad status code/],
    [
      'conflicting lengths',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nok',
      /bad content-length/,
    ],
    [
      'a bad chunk size',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n',
      /bad chunk size/,
    ],
    [
      'a chunk without CRLF',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nokXX',
      /CRLF/,
    ],
    ['a protocol switch', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', /switched protocols/],
  ])('reports %s as an invalid answer and drops the socket', (_name, answer, message) => {
    const { outcome, socket } = exchange(answer, []);
    expect(outcome.completed).toBe(0);
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]!.message).toMatch(message);
    expect((outcome.errors[0] as { code?: string }).code).toBe('HPE_INVALID_RESPONSE');
    expect(socket.isDestroyed).toBe(true);
  });

  it('fails the request when the server closes before the answer ends', async () => {
    const { outcome, socket } = exchange('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc', []);
    socket.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcome.completed).toBe(0);
    expect((outcome.errors[0] as { code?: string }).code).toBe('UND_ERR_SOCKET');
  });

  it('fails the request when the connector cannot connect', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const connection = new Http1Connection(
      { protocol: 'http:', hostname: '127.0.0.1', host: '127.0.0.1:1', port: 1 },
      (_options, callback) => callback(refused, null),
    );
    const handler = recorder();
    connection.request(REQUEST, false, handler, 0);
    expect(handler.outcome.errors).toEqual([refused]);
  });

  it('drops a socket that sends bytes nobody asked for, and answers that carry extra bytes', () => {
    const { socket, outcome } = exchange(
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokHTTP/1.1',
      [],
    );
    expect(outcome.completed).toBe(1);
    expect(socket.isDestroyed).toBe(true);

    const idle = exchange('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok', []);
    idle.socket.emit('data', Buffer.from('surprise'));
    expect(idle.socket.isDestroyed).toBe(true);
  });

  it('abort fails the request in flight once, and parses nothing after it', () => {
    const { connection, socket, outcome } = exchange(
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhe',
      [],
    );
    connection.abort(new Error('timeout'));
    socket.emit('data', Buffer.from('llo'));
    expect(outcome.errors.map((e) => e.message)).toEqual(['timeout']);
    expect(outcome.completed).toBe(0);
  });

  it('exposes the last answer’s headers for evidence', () => {
    const { connection } = exchange(
      'HTTP/1.1 503 Busy\r\nRetry-After: 5\r\nX-Id: a\r\nX-Id: b\r\ncontent-length: 0\r\n\r\n',
      [20],
    );
    expect(connection.responseHeaders()).toEqual({
      'retry-after': '5',
      'x-id': 'a, b',
      'content-length': '0',
    });
  });
});
