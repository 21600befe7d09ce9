const CRLF = Buffer.from('\r\n');

/**
 * What an answer's head says, as far as framing the body needs: one object per connection,
 * rewritten for every answer (the hot path allocates nothing).
 */
export interface Http1Head {
  status: number;
  isKeepAlive: boolean;
  /** -1 when no content-length frames the body (or a transfer-encoding overrides it). */
  contentLength: number;
  isChunked: boolean;
  /** How long an idle socket may be reused: a `Keep-Alive: timeout=N` hint lowers it. */
  keepAliveMs: number;
  /** Where the header lines are, parsed into an object only when evidence asks. */
  buffer: Buffer | null;
  start: number;
  end: number;
}

export function createHead(keepAliveMs: number): Http1Head {
  return {
    status: 0,
    isKeepAlive: true,
    contentLength: -1,
    isChunked: false,
    keepAliveMs,
    buffer: null,
    start: 0,
    end: 0,
  };
}

/**
 * Reads the status line and the framing headers of the head in `buffer` from `start` to `stop`
 * (before its blank line) into `head`. Returns what is wrong with it, or undefined.
 */
export function readHead(
  buffer: Buffer,
  start: number,
  stop: number,
  head: Http1Head,
): string | undefined {
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
    return 'not an HTTP/1.x status line';
  }
  const status =
    digit(buffer[start + 9]) * 100 + digit(buffer[start + 10]) * 10 + digit(buffer[start + 11]);
  if (!(status >= 100 && status <= 999)) return 'bad status code';
  if (status === 101) return 'the server switched protocols';
  head.status = status;
  head.isKeepAlive = buffer[start + 7] === 0x31;
  head.contentLength = -1;
  head.isChunked = false;
  let hasTransferEncoding = false;
  const statusLineEnd = buffer.indexOf(CRLF, start);
  head.buffer = buffer;
  head.start = statusLineEnd + 2;
  head.end = stop;
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
        if (value < 0 || (head.contentLength >= 0 && value !== head.contentLength)) {
          return 'bad content-length';
        }
        head.contentLength = value;
      } else if (length === 17 && isName(buffer, line, 'transfer-encoding')) {
        hasTransferEncoding = true;
        head.isChunked = endsWithToken(buffer, valueStart, valueEnd, 'chunked');
      } else if (length === 10 && isName(buffer, line, 'connection')) {
        if (valueEnd - valueStart === 10 && isName(buffer, valueStart, 'keep-alive')) {
          head.isKeepAlive = true;
        } else if (valueEnd - valueStart === 5 && isName(buffer, valueStart, 'close')) {
          head.isKeepAlive = false;
        } else {
          const tokens = buffer.toString('latin1', valueStart, valueEnd).toLowerCase();
          if (/(^|[\s,])close($|[\s,])/.test(tokens)) head.isKeepAlive = false;
          else if (/(^|[\s,])keep-alive($|[\s,])/.test(tokens)) head.isKeepAlive = true;
        }
      } else if (length === 10 && isName(buffer, line, 'keep-alive')) {
        const hint = /timeout\s*=\s*(\d+)/i.exec(buffer.toString('latin1', valueStart, valueEnd));
        if (hint) head.keepAliveMs = Math.max(0, Math.min(600_000, Number(hint[1]) * 1000 - 1000));
      }
    }
    line = lineEnd + 2;
  }
  // A transfer-encoding overrides content-length; one not ending in chunked is framed by the
  // close (RFC 9112 §6.3).
  if (hasTransferEncoding) head.contentLength = -1;
  return undefined;
}

/** The last head's headers, lower-cased names, repeated ones joined with `, `. */
export function headersOf(head: Http1Head): Record<string, string> {
  const headers: Record<string, string> = {};
  const buffer = head.buffer;
  if (buffer === null) return headers;
  const text = buffer.toString('latin1', head.start, head.end);
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
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
export function parseChunkSize(buffer: Buffer, start: number, end: number): number {
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
