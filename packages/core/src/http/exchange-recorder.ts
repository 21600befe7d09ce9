import type { Dispatcher } from 'undici';

import type { Exchange } from '../report/report.schema';
import { flattenHeaders, previewBody, type SecretMasker } from './evidence';
import type { HttpAnswer, HttpRequest, HttpResult } from './http-types';
import { describeTransportFailure } from './transport-failure';

const USER_AGENT = 'shakedown-probe/1 (+https://shakedown.dev/docs/probes)';
/** Answers larger than this are not read to the end: the connection is dropped. */
const HARD_BODY_CAP = 64 * 1024 ** 2;

/** What one request got over the wire, read to the end (or as far as the client keeps it). */
export interface ReceivedAnswer {
  statusCode: number;
  headers: Dispatcher.ResponseData['headers'];
  /** The part of the body kept for the probes. */
  kept: Buffer;
  /** The body's full size in bytes. */
  bodyBytes: number;
  ms: number;
  /** Set when the connection broke while the body arrived. */
  bodyError?: unknown;
}

/** Reads an answer's body, keeping at most `maxKept` bytes of it; a broken body is recorded. */
export async function receiveBody(
  response: Dispatcher.ResponseData,
  maxKept: number,
): Promise<Pick<ReceivedAnswer, 'kept' | 'bodyBytes' | 'bodyError'>> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let total = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (kept < maxKept) {
        chunks.push(chunk);
        kept += chunk.length;
      }
      if (total > HARD_BODY_CAP) {
        response.body.destroy();
        break;
      }
    }
  } catch (bodyError) {
    return { kept: Buffer.concat(chunks), bodyBytes: total, bodyError };
  }
  return { kept: Buffer.concat(chunks), bodyBytes: total };
}

/**
 * Turns what a request got, an answer or a transport failure, into an {@link HttpResult} with
 * masked evidence; and says which headers every request is sent with, so the evidence shows
 * exactly what went out.
 */
export class ExchangeRecorder {
  constructor(private readonly masker: SecretMasker) {}

  headersFor(request: HttpRequest, body: Buffer | undefined): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: 'application/json, */*;q=0.5',
    };
    const names = new Set(Object.keys(request.headers ?? {}).map((name) => name.toLowerCase()));
    for (const name of Object.keys(headers)) if (names.has(name)) delete headers[name];
    if (body !== undefined && !names.has('content-type'))
      headers['content-type'] = 'application/json';
    return { ...headers, ...request.headers };
  }

  answered(
    request: HttpRequest,
    body: Buffer | undefined,
    received: ReceivedAnswer,
    retriedOnFreshConnection: boolean,
  ): HttpResult {
    const headers = flattenHeaders(received.headers);
    const text = received.kept.toString('utf8');
    const answer: HttpAnswer = {
      status: received.statusCode,
      headers,
      text,
      json: parseJson(text),
      bodyBytes: received.bodyBytes,
      ms: received.ms,
    };
    const exchange: Exchange = {
      request: this.evidenceRequest(request, body),
      response: {
        status: answer.status,
        headers: this.masker.maskHeaders(headers),
        ...previewBody(received.kept, this.masker, received.bodyBytes),
        ms: Math.round(received.ms * 10) / 10,
      },
      ...(received.bodyError !== undefined
        ? {
            error: `the connection broke while the answer arrived (${describeTransportFailure(received.bodyError).message})`,
          }
        : {}),
      ...this.noteFor(request, retriedOnFreshConnection),
    };
    return { request, exchange, answer, retriedOnFreshConnection };
  }

  failed(
    request: HttpRequest,
    body: Buffer | undefined,
    error: unknown,
    retriedOnFreshConnection: boolean,
  ): HttpResult {
    const failure = describeTransportFailure(error);
    return {
      request,
      exchange: {
        request: this.evidenceRequest(request, body),
        error: failure.message,
        ...this.noteFor(request, retriedOnFreshConnection),
      },
      failure,
      retriedOnFreshConnection,
    };
  }

  private noteFor(request: HttpRequest, retried: boolean): { note?: string } {
    const parts = [
      request.note,
      retried
        ? 'sent again on a fresh connection after the reused keep-alive connection closed'
        : undefined,
    ].filter((part): part is string => part !== undefined);
    return parts.length > 0 ? { note: parts.join('; ') } : {};
  }

  private evidenceRequest(request: HttpRequest, body: Buffer | undefined): Exchange['request'] {
    return {
      method: request.method,
      url: this.masker.maskText(request.url),
      headers: this.masker.maskHeaders(this.headersFor(request, body)),
      ...previewBody(body, this.masker),
    };
  }
}

function parseJson(text: string): unknown {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[') && !trimmed.startsWith('"'))
    return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
