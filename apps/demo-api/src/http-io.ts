import type { IncomingMessage, ServerResponse } from 'node:http';

/** A refusal with its status (and headers); anything else thrown is a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/**
 * Reads a request body to its end, or until it passes `max` bytes: then `overflow` ends the read
 * (the error it returns rejects it; undefined resolves it with nothing) and later chunks are
 * ignored. Events rather than for-await: leaving a for-await loop would destroy the request
 * before an answer such as 413 could be sent. The probes' test targets read bodies with it too.
 */
export function collectBody(
  request: IncomingMessage,
  max: number,
  overflow: () => Error | undefined,
): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      settled = true;
      const error = overflow();
      if (error) reject(error);
      else resolve(undefined);
    });
    request.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    request.on('error', (error) => {
      if (!settled) reject(error);
    });
  });
}

/** The request body, refused with 413 as soon as it passes `max` bytes. */
export async function readBody(request: IncomingMessage, max: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(413, `bodies are limited to ${max} bytes`, { connection: 'close' });
  if (Number(request.headers['content-length'] ?? 0) > max) throw tooLarge();
  const body = await collectBody(request, max, tooLarge);
  return body!;
}

/**
 * The body as JSON: 415 for another media type, 400 for malformed JSON; with `crashOnMalformed`
 * (the defect) the parser's error escapes as a 500.
 */
export function parseJsonBody(
  request: IncomingMessage,
  raw: Buffer,
  crashOnMalformed: boolean,
): unknown {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new HttpError(415, 'send the body as application/json');
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (error) {
    const parseError = error as Error;
    if (crashOnMalformed) throw parseError;
    throw Object.assign(new HttpError(400, `invalid JSON: ${parseError.message}`), {
      cause: parseError,
    });
  }
}
