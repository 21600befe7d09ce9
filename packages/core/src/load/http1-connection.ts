import type { Socket } from 'node:net';

import type { buildConnector } from 'undici';

import { transportError } from '../http/transport-failure';
import { createHead, headersOf, parseChunkSize, readHead } from './http1-head';

/** What a connection reports a request's answer to (a VU). */
export interface Http1Handler {
  onHeaders(status: number, rawHeaders: Buffer[] | null): boolean;
  onBody(buffer: Buffer, start: number, end: number): void;
  onComplete(): void;
  onError(error: Error): void;
}

export interface Http1Origin {
  protocol: 'http:' | 'https:';
  hostname: string;
  /** `hostname:port` as the Host header and TLS need it. */
  host: string;
  port: number;
}

const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 8 * 1024;
/** Without a Keep-Alive hint an idle socket is reused for 4 s at most (undici's default). */
const DEFAULT_KEEP_ALIVE_MS = 4000;

// Parser states (plain numbers: the switch below runs for every chunk).
const IDLE = 0;
const HEAD = 1;
const BODY = 2;
const CHUNK_SIZE = 3;
const CHUNK_DATA = 4;
const CHUNK_END = 5;
const TRAILERS = 6;
const UNTIL_CLOSE = 7;

/**
 * One keep-alive HTTP/1.1 connection that sends prebuilt request bytes and parses answers with
 * as little work as an answer allows: the status, the three headers that frame the body
 * (`content-length`, `transfer-encoding`, `connection`) and `keep-alive`, then body bytes are
 * counted in place, never copied. One request at a time (no pipelining), like a k6 VU.
 *
 * Sockets come from an undici connector (`buildConnector`, or the hosted service's guarded one),
 * so TLS and the SSRF policy apply exactly as for undici's own clients. There is no retry: a
 * request that fails is one failed iteration. Timeouts are the owner's job (it checks the age of
 * every request in flight), so no timer is armed per request.
 */
export class Http1Connection {
  /** Clock time the current request was written (for the owner's timeout check). */
  sentAt = 0;
  private socket: Socket | null = null;
  private handler: Http1Handler | null = null;
  private isHead = false;
  private isClosed = false;
  private idleSince = 0;
  private readonly head = createHead(DEFAULT_KEEP_ALIVE_MS);

  private state: number = IDLE;
  private pending: Buffer | null = null;
  private remaining = 0;
  private chunkEndLeft = 0;

  constructor(
    private readonly origin: Http1Origin,
    private readonly connector: buildConnector.connector,
  ) {}

  /** Sends one request; the answer goes to `handler`. `now` is the caller's clock time. */
  request(bytes: Buffer, isHead: boolean, handler: Http1Handler, now: number): void {
    this.handler = handler;
    this.isHead = isHead;
    this.sentAt = now;
    this.state = HEAD;
    this.pending = null;
    this.head.status = 0;
    const socket = this.socket;
    if (socket !== null && now - this.idleSince > this.head.keepAliveMs) {
      // The server may be closing it right now: a fresh socket avoids a false reset.
      this.socket = null;
      socket.destroy();
    }
    if (this.socket !== null) this.socket.write(bytes);
    else this.connect(bytes);
  }

  /** Fails the request in flight with `error` and drops the socket. */
  abort(error: Error): void {
    this.dropSocket();
    this.fail(error);
  }

  /** Closes the connection for good; a request in flight fails with `error`. */
  close(error: Error): void {
    this.isClosed = true;
    this.abort(error);
  }

  /** The last answer's headers, lower-cased names (for evidence; parsed only when asked). */
  responseHeaders(): Record<string, string> {
    return headersOf(this.head);
  }

  private connect(bytes: Buffer): void {
    const { protocol, hostname, host, port } = this.origin;
    this.connector(
      { protocol, hostname, host, port: String(port), localAddress: null },
      (error, socket) => {
        if (error || !socket) {
          this.fail(error ?? transportError('UND_ERR_SOCKET', 'the connection failed'));
          return;
        }
        if (this.isClosed || this.handler === null) {
          socket.destroy();
          return;
        }
        this.attach(socket);
        socket.write(bytes);
      },
    );
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    this.head.keepAliveMs = DEFAULT_KEEP_ALIVE_MS;
    socket.on('data', (chunk: Buffer) => {
      if (this.socket === socket) this.parse(chunk);
    });
    socket.on('error', (error: Error) => {
      if (this.socket !== socket) return;
      this.dropSocket();
      this.fail(error);
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.handler === null) return;
      if (this.state === UNTIL_CLOSE) this.finish(null, 0);
      else
        this.fail(
          transportError(
            'UND_ERR_SOCKET',
            'the server closed the connection before the answer ended',
          ),
        );
    });
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
  }

  private fail(error: Error): void {
    const handler = this.handler;
    if (handler === null) return;
    this.handler = null;
    this.state = IDLE;
    this.pending = null;
    handler.onError(error);
  }

  private protocolError(message: string): void {
    this.abort(transportError('HPE_INVALID_RESPONSE', `invalid HTTP answer: ${message}`));
  }

  private parse(chunk: Buffer): void {
    const handler = this.handler;
    if (handler === null) {
      // Bytes nobody asked for: the connection can no longer be trusted.
      this.dropSocket();
      return;
    }
    let buffer = chunk;
    if (this.pending !== null) {
      buffer = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    const end = buffer.length;
    let pos = 0;
    // Each pass consumes bytes or returns, so the loop ends within the chunk.
    while (pos < end) {
      switch (this.state) {
        case HEAD: {
          const stop = buffer.indexOf(CRLFCRLF, pos);
          if (stop === -1) {
            if (end - pos > MAX_HEAD_BYTES) return this.protocolError('headers over 64 KB');
            this.pending = buffer.subarray(pos);
            return;
          }
          const head = this.head;
          const wrong = readHead(buffer, pos, stop, head);
          if (wrong !== undefined) return this.protocolError(wrong);
          pos = stop + 4;
          if (head.status < 200) break; // 1xx: the real answer follows
          handler.onHeaders(head.status, null);
          if (this.handler !== handler) return;
          if (this.isHead || head.status === 204 || head.status === 304) {
            return this.finish(buffer, pos);
          }
          if (head.isChunked) {
            this.state = CHUNK_SIZE;
          } else if (head.contentLength >= 0) {
            if (head.contentLength === 0) return this.finish(buffer, pos);
            this.remaining = head.contentLength;
            this.state = BODY;
          } else {
            head.isKeepAlive = false;
            this.state = UNTIL_CLOSE;
          }
          break;
        }
        case BODY: {
          const take = Math.min(this.remaining, end - pos);
          handler.onBody(buffer, pos, pos + take);
          pos += take;
          this.remaining -= take;
          if (this.remaining === 0) return this.finish(buffer, pos);
          break;
        }
        case UNTIL_CLOSE:
          handler.onBody(buffer, pos, end);
          pos = end;
          break;
        case CHUNK_SIZE: {
          const lineEnd = buffer.indexOf(CRLF, pos);
          if (lineEnd === -1) {
            if (end - pos > MAX_LINE_BYTES) return this.protocolError('chunk size line too long');
            this.pending = buffer.subarray(pos);
            return;
          }
          const size = parseChunkSize(buffer, pos, lineEnd);
          if (size < 0) return this.protocolError('bad chunk size');
          pos = lineEnd + 2;
          if (size === 0) {
            this.state = TRAILERS;
          } else {
            this.remaining = size;
            this.state = CHUNK_DATA;
          }
          break;
        }
        case CHUNK_DATA: {
          const take = Math.min(this.remaining, end - pos);
          handler.onBody(buffer, pos, pos + take);
          pos += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            this.state = CHUNK_END;
            this.chunkEndLeft = 2;
          }
          break;
        }
        case CHUNK_END: {
          const expected = this.chunkEndLeft === 2 ? 0x0d : 0x0a;
          if (buffer[pos] !== expected) return this.protocolError('chunk not followed by CRLF');
          pos += 1;
          this.chunkEndLeft -= 1;
          if (this.chunkEndLeft === 0) this.state = CHUNK_SIZE;
          break;
        }
        case TRAILERS: {
          const lineEnd = buffer.indexOf(CRLF, pos);
          if (lineEnd === -1) {
            if (end - pos > MAX_LINE_BYTES) return this.protocolError('trailer line too long');
            this.pending = buffer.subarray(pos);
            return;
          }
          if (lineEnd === pos) return this.finish(buffer, pos + 2);
          pos = lineEnd + 2;
          break;
        }
        case IDLE:
          return this.dropSocket();
      }
    }
  }

  private finish(buffer: Buffer | null, pos: number): void {
    const handler = this.handler;
    this.handler = null;
    this.state = IDLE;
    this.pending = null;
    const hasExtraBytes = buffer !== null && pos < buffer.length;
    if (!this.head.isKeepAlive || hasExtraBytes) this.dropSocket();
    else this.idleSince = this.sentAt;
    handler?.onComplete();
  }
}
