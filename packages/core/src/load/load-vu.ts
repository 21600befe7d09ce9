import type { Dispatcher } from 'undici';

import { PREVIEW_BYTES } from '../http/evidence';
import { transportError } from '../http/transport-failure';
import type { Http1Connection, Http1Handler } from './http1-connection';

/** What a VU keeps of an answer chosen as evidence (a 5xx): its body, up to 2 KB. */
export interface Capture {
  chunks: Buffer[];
  size: number;
}

/** The VU's owner: holds the prebuilt request and receives each finished one. */
export interface VuOwner {
  readonly dispatchOptions: Dispatcher.DispatchOptions;
  readonly wire: Buffer;
  readonly isHead: boolean;
  /** Whether to keep this answer's body as evidence (decided on the status alone). */
  shouldCapture(status: number): boolean;
  complete(vu: LoadVu, error: Error | null): void;
}

/**
 * A virtual user: one request in flight at a time, reused for every request so the hot path
 * allocates nothing of ours. It sends either on its own {@link Http1Connection} (the default:
 * prebuilt bytes on one keep-alive socket) or through a shared undici dispatcher (when the
 * caller hands one in), and is the handler of both. With undici it uses the original handler
 * methods (`onHeaders`/`onData`/`onComplete`), which undici 7 calls directly; the newer
 * `onResponseStart` style is wrapped per request and parses every header into an object.
 */
export class LoadVu implements Dispatcher.DispatchHandler, Http1Handler {
  /** Clock time the latency is measured from: the scheduled start in the open model. */
  startedAt = 0;
  status = 0;
  /** Body bytes received. */
  bytes = 0;
  /** Bytes the run budget reserved for this request's answer. */
  answerRoom = 0;
  rawHeaders: Buffer[] | null = null;
  capture: Capture | null = null;
  isActive = false;
  isInterrupted = false;
  private abortRequest: ((error?: Error) => void) | null = null;

  constructor(
    private readonly owner: VuOwner,
    private readonly connection: Http1Connection | null,
    private readonly dispatcher: Dispatcher | null,
  ) {}

  /** Sends the request; latency counts from `startedAt`, `now` is the clock time of sending. */
  send(startedAt: number, now: number): void {
    this.startedAt = startedAt;
    this.status = 0;
    this.bytes = 0;
    this.rawHeaders = null;
    this.capture = null;
    this.abortRequest = null;
    this.isActive = true;
    if (this.connection !== null) {
      this.connection.request(this.owner.wire, this.owner.isHead, this, now);
    } else {
      this.dispatcher!.dispatch(this.owner.dispatchOptions, this);
    }
  }

  /** Cuts the request off; the owner counts it as interrupted, not as a result. */
  interrupt(): void {
    if (!this.isActive) return;
    this.isInterrupted = true;
    const error = new Error('the load stage stopped');
    if (this.connection !== null) this.connection.abort(error);
    else this.abortRequest?.(error);
  }

  /** Fails the request with a timeout once it has been on the wire longer than `timeoutMs`. */
  expire(now: number, timeoutMs: number): void {
    const connection = this.connection;
    if (!this.isActive || connection === null || now - connection.sentAt <= timeoutMs) return;
    connection.abort(
      this.status === 0
        ? transportError('UND_ERR_HEADERS_TIMEOUT', `no answer within ${timeoutMs} ms`)
        : transportError('UND_ERR_BODY_TIMEOUT', `the answer did not end within ${timeoutMs} ms`),
    );
  }

  /** The answer's headers, for evidence. */
  responseHeaders(): Record<string, string> {
    if (this.rawHeaders !== null) return headersOf(this.rawHeaders);
    return this.connection?.responseHeaders() ?? {};
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | null): boolean {
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    if (statusCode >= 200 && this.owner.shouldCapture(statusCode)) {
      this.capture = { chunks: [], size: 0 };
    }
    return true;
  }

  onBody(buffer: Buffer, start: number, end: number): void {
    this.bytes += end - start;
    const capture = this.capture;
    if (capture !== null && capture.size < PREVIEW_BYTES) {
      const part = Buffer.from(
        buffer.subarray(start, Math.min(end, start + PREVIEW_BYTES - capture.size)),
      );
      capture.chunks.push(part);
      capture.size += part.length;
    }
  }

  onData(chunk: Buffer): boolean {
    this.onBody(chunk, 0, chunk.length);
    return true;
  }

  onComplete(): void {
    if (!this.isActive) return;
    this.isActive = false;
    this.owner.complete(this, null);
  }

  onError(error: Error): void {
    if (!this.isActive) return;
    this.isActive = false;
    this.owner.complete(this, error);
  }
}

function headersOf(raw: Buffer[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    const value = raw[i + 1]!.toString('latin1');
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}
