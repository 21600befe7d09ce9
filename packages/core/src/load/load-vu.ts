import type { Dispatcher } from 'undici';

import { PREVIEW_BYTES } from '../http/evidence';

/** What a VU keeps of an answer chosen as evidence (a 5xx): its body, up to 2 KB. */
export interface Capture {
  chunks: Buffer[];
  size: number;
}

/** The VU's owner: receives each finished request. */
export interface VuOwner {
  readonly dispatchOptions: Dispatcher.DispatchOptions;
  /** Whether to keep this answer's body as evidence (decided on the status alone). */
  shouldCapture(status: number): boolean;
  complete(vu: LoadVu, error: Error | null): void;
}

/**
 * A virtual user: one request in flight at a time, on its own keep-alive connection (or the
 * shared dispatcher). It is its own undici dispatch handler and is reused for every request, so
 * the hot path allocates nothing of ours. It uses undici's original handler methods
 * (`onHeaders`/`onData`/`onComplete`): undici 7 calls them directly, while the newer
 * `onResponseStart` style is wrapped per request and parses every header into an object.
 */
export class LoadVu implements Dispatcher.DispatchHandler {
  /** Clock time the latency is measured from: the scheduled start in the open model. */
  startedAt = 0;
  status = 0;
  /** Body bytes received. */
  bytes = 0;
  rawHeaders: Buffer[] | null = null;
  capture: Capture | null = null;
  isActive = false;
  isInterrupted = false;
  private abortRequest: ((error?: Error) => void) | null = null;

  constructor(
    private readonly owner: VuOwner,
    readonly dispatcher: Dispatcher,
  ) {}

  send(startedAt: number): void {
    this.startedAt = startedAt;
    this.status = 0;
    this.bytes = 0;
    this.rawHeaders = null;
    this.capture = null;
    this.abortRequest = null;
    this.isActive = true;
    this.dispatcher.dispatch(this.owner.dispatchOptions, this);
  }

  /** Cuts the request off; the owner counts it as interrupted, not as a result. */
  interrupt(): void {
    if (!this.isActive) return;
    this.isInterrupted = true;
    this.abortRequest?.(new Error('the load stage stopped'));
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    if (statusCode >= 200 && this.owner.shouldCapture(statusCode)) {
      this.capture = { chunks: [], size: 0 };
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    const capture = this.capture;
    if (capture !== null && capture.size < PREVIEW_BYTES) {
      const part = Buffer.from(chunk.subarray(0, PREVIEW_BYTES - capture.size));
      capture.chunks.push(part);
      capture.size += part.length;
    }
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
