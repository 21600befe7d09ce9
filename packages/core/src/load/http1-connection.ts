import type { Socket } from 'node:net';

import type { buildConnector } from 'undici';

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

/** An error with the code `describeTransportFailure` names (undici's codes where they exist). */
export function transportError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

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
  private keepAliveMs = DEFAULT_KEEP_ALIVE_MS;

  private state: number = IDLE;
  private pending: Buffer | null = null;
  private status = 0;
  private remaining = 0;
  private chunkEndLeft = 0;
  private contentLength = -1;
  private isChunked = false;
  private hasTransferEncoding = false;
  private isKeepAlive = true;
  private headerBuffer: Buffer | null = null;
  private headerStart = 0;
  private headerEnd = 0;

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
    this.status = 0;
    const socket = this.socket;
    if (socket !== null && now - this.idleSince > this.keepAliveMs) {
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
    const headers: Record<string, string> = {};
    const buffer = this.headerBuffer;
    if (buffer === null) return headers;
    const text = buffer.toString('latin1', this.headerStart, this.headerEnd);
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    return headers;
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
    this.keepAliveMs = DEFAULT_KEEP_ALIVE_MS;
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
          if (!this.parseHead(buffer, pos, stop)) return;
          pos = stop + 4;
          if (this.status < 200) break; // 1xx: the real answer follows
          handler.onHeaders(this.status, null);
          if (this.handler !== handler) return;
          if (this.isHead || this.status === 204 || this.status === 304) {
            return this.finish(buffer, pos);
          }
          if (this.isChunked) {
            this.state = CHUNK_SIZE;
          } else if (this.contentLength >= 0) {
            if (this.contentLength === 0) return this.finish(buffer, pos);
            this.remaining = this.contentLength;
            this.state = BODY;
          } else {
            this.isKeepAlive = false;
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

  /** Reads the status line and the framing headers of one head; false after a protocol error. */
  private parseHead(buffer: Buffer, start: number, stop: number): boolean {
    // "HTTP/1.x NNN"
    if (
      stop - start < 12 ||
      buffer[start] !== 0x48 ||
      buffer[start + 1] !== 0x54 ||
      buffer[start + 2] !== 0x54 ||
      buffer[start + 3] !== 0x50 ||
      buffer[start + 4] !== 0x2f ||
      buffer[start + 5] !== 0x31 ||
      buffer[start + 6] !== 0x2e ||
      buffer[start + 8] !== 0x20
    ) {
      this.protocolError('not an HTTP/1.x status line');
      return false;
    }
    const status =
      digit(buffer[start + 9]) * 100 + digit(buffer[start + 10]) * 10 + digit(buffer[start + 11]);
    if (!(status >= 100 && status <= 999)) {
      this.protocolError('bad status code');
      return false;
    }
    if (status === 101) {
      this.protocolError('the server switched protocols');
      return false;
    }
    this.status = status;
    this.isKeepAlive = buffer[start + 7] === 0x31;
    this.contentLength = -1;
    this.isChunked = false;
    this.hasTransferEncoding = false;
    const statusLineEnd = buffer.indexOf(CRLF, start);
    this.headerBuffer = buffer;
    this.headerStart = statusLineEnd + 2;
    this.headerEnd = stop;
    let line = statusLineEnd + 2;
    // Bounded by the head's length: every pass moves past one line.
    while (line < stop) {
      let lineEnd = buffer.indexOf(CRLF, line);
      if (lineEnd === -1 || lineEnd > stop) lineEnd = stop;
      const colon = buffer.indexOf(0x3a, line);
      if (colon > line && colon < lineEnd) {
        const length = colon - line;
        let valueStart = colon + 1;
        while (valueStart < lineEnd && (buffer[valueStart] === 0x20 || buffer[valueStart] === 0x09))
          valueStart++;
        let valueEnd = lineEnd;
        while (
          valueEnd > valueStart &&
          (buffer[valueEnd - 1] === 0x20 || buffer[valueEnd - 1] === 0x09)
        )
          valueEnd--;
        if (length === 14 && isName(buffer, line, 'content-length')) {
          const value = parseDecimal(buffer, valueStart, valueEnd);
          if (value < 0 || (this.contentLength >= 0 && value !== this.contentLength)) {
            this.protocolError('bad content-length');
            return false;
          }
          this.contentLength = value;
        } else if (length === 17 && isName(buffer, line, 'transfer-encoding')) {
          this.hasTransferEncoding = true;
          this.isChunked = endsWithToken(buffer, valueStart, valueEnd, 'chunked');
        } else if (length === 10 && isName(buffer, line, 'connection')) {
          if (valueEnd - valueStart === 10 && isName(buffer, valueStart, 'keep-alive')) {
            this.isKeepAlive = true;
          } else if (valueEnd - valueStart === 5 && isName(buffer, valueStart, 'close')) {
            this.isKeepAlive = false;
          } else {
            const tokens = buffer.toString('latin1', valueStart, valueEnd).toLowerCase();
            if (/(^|[\s,])close($|[\s,])/.test(tokens)) this.isKeepAlive = false;
            else if (/(^|[\s,])keep-alive($|[\s,])/.test(tokens)) this.isKeepAlive = true;
          }
        } else if (length === 10 && isName(buffer, line, 'keep-alive')) {
          const hint = /timeout\s*=\s*(\d+)/i.exec(buffer.toString('latin1', valueStart, valueEnd));
          if (hint)
            this.keepAliveMs = Math.max(0, Math.min(600_000, Number(hint[1]) * 1000 - 1000));
        }
      }
      line = lineEnd + 2;
    }
    // A transfer-encoding overrides content-length; one not ending in chunked is framed by the
    // close (RFC 9112 §6.3).
    if (this.hasTransferEncoding) this.contentLength = -1;
    return true;
  }

  private finish(buffer: Buffer | null, pos: number): void {
    const handler = this.handler;
    this.handler = null;
    this.state = IDLE;
    this.pending = null;
    const hasExtraBytes = buffer !== null && pos < buffer.length;
    if (!this.isKeepAlive || hasExtraBytes) this.dropSocket();
    else this.idleSince = this.sentAt;
    handler?.onComplete();
  }
}

function digit(byte: number | undefined): number {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : NaN;
}

/** Whether the bytes at `start` are `lower` in any case (ASCII letters and '-'). */
function isName(buffer: Buffer, start: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    if (((buffer[start + i] ?? 0) | 0x20) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function endsWithToken(buffer: Buffer, start: number, end: number, lower: string): boolean {
  if (end - start < lower.length) return false;
  const from = end - lower.length;
  if (
    from > start &&
    buffer[from - 1] !== 0x2c &&
    buffer[from - 1] !== 0x20 &&
    buffer[from - 1] !== 0x09
  ) {
    return false;
  }
  return isName(buffer, from, lower);
}

function parseDecimal(buffer: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = digit(buffer[i]);
    if (Number.isNaN(d)) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Hex size before any `;extension`; -1 when malformed. */
function parseChunkSize(buffer: Buffer, start: number, end: number): number {
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const byte = buffer[i]!;
    let d: number;
    if (byte >= 0x30 && byte <= 0x39) d = byte - 0x30;
    else if (byte >= 0x61 && byte <= 0x66) d = byte - 0x57;
    else if (byte >= 0x41 && byte <= 0x46) d = byte - 0x37;
    else if (byte === 0x3b || byte === 0x20 || byte === 0x09) break;
    else return -1;
    value = value * 16 + d;
    digits += 1;
    if (digits > 12) return -1;
  }
  return digits === 0 ? -1 : value;
}
