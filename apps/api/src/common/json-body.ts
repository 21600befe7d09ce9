import type { IncomingMessage } from 'node:http';

import { ErrorCode } from '@shakedown/core/contract';

import { ApiError } from './api-error';

export const DEFAULT_BODY_LIMIT = 64 * 1024;
export const LARGE_BODY_LIMIT = 2 * 1024 * 1024;
/** Deeper JSON than this is refused before any schema or database sees it. */
export const MAX_JSON_DEPTH = 32;
/** Oversized bodies are read and dropped up to this, so the client reads our 413. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

function tooLarge(limit: number): ApiError {
  return new ApiError(
    413,
    ErrorCode.payloadTooLarge,
    `the body is larger than this endpoint accepts (${limit / 1024} KB)`,
    { limitBytes: limit },
    { Connection: 'close' },
  );
}

/**
 * Reads a JSON body with a size limit: `undefined` when there is none, `413` past the limit
 * (announced or streamed), `415` for another media type, `400` for malformed or too-deep JSON.
 */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const lengthHeader = request.headers['content-length'];
  const declared = lengthHeader === undefined ? undefined : Number(lengthHeader);
  const chunked = request.headers['transfer-encoding'] !== undefined;
  if ((declared === undefined || declared === 0) && !chunked) return undefined;
  const mediaType =
    (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) {
    await drain(request, DRAIN_LIMIT);
    throw new ApiError(
      415,
      ErrorCode.unsupportedMediaType,
      `bodies must be application/json, not ${mediaType === '' ? 'untyped' : mediaType}`,
    );
  }
  const charset = /charset=([^;]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.trim();
  if (charset !== undefined && !/^"?utf-?8"?$/i.test(charset)) {
    throw new ApiError(415, ErrorCode.unsupportedMediaType, 'JSON bodies must be UTF-8');
  }
  if (declared !== undefined && declared > limit) {
    if (declared <= DRAIN_LIMIT) await drain(request, DRAIN_LIMIT);
    throw tooLarge(limit);
  }
  const text = await readText(request, limit);
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApiError(
      400,
      ErrorCode.invalidJson,
      `the body is not valid JSON: ${error instanceof Error ? error.message.slice(0, 200) : 'parse error'}`,
    );
  }
  if (depthOf(parsed) > MAX_JSON_DEPTH) {
    throw new ApiError(
      400,
      ErrorCode.bodyTooDeep,
      `the body nests deeper than ${MAX_JSON_DEPTH} levels`,
      { maxDepth: MAX_JSON_DEPTH },
    );
  }
  return parsed;
}

async function readText(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      over = true;
      if (size > DRAIN_LIMIT) break;
      continue;
    }
    chunks.push(chunk);
  }
  if (over) throw tooLarge(limit);
  return Buffer.concat(chunks).toString('utf8');
}

async function drain(request: IncomingMessage, max: number): Promise<void> {
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) break;
  }
}

/** Nesting depth of a parsed JSON value, without recursion. */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(current as Record<string, unknown>))
      stack.push([child, level]);
  }
  return deepest;
}
