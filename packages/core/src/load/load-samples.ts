import { previewBody } from '../http/evidence';
import { describeTransportFailure } from '../http/transport-failure';
import type { Exchange } from '../report/report.schema';
import type { LoadRequest } from './load-request';
import type { LoadVu } from './load-vu';

const MAX_ERROR_SAMPLES = 5;
const MAX_SLOW_SAMPLES = 3;

/** The evidence a load stage keeps, fixed in size: the first failures and the slowest answers. */
export class LoadSamples {
  readonly errors: Exchange[] = [];
  readonly slowest: Exchange[] = [];
  private slowFloorMs = 0;

  constructor(private readonly request: LoadRequest) {}

  /** Whether to keep an answer's body as evidence, decided on its status alone (a 5xx). */
  wantsBody(status: number): boolean {
    return status >= 500 && this.errors.length < MAX_ERROR_SAMPLES;
  }

  /** Keeps `vu`'s answer when its body was captured, or when it is among the slowest. */
  keepAnswer(vu: LoadVu, latencyMs: number, t0: number): void {
    if (vu.capture !== null && this.errors.length < MAX_ERROR_SAMPLES) {
      this.errors.push(this.exchangeOf(vu, latencyMs, t0, null, true));
    }
    if (latencyMs <= this.slowFloorMs) return;
    this.slowest.push(this.exchangeOf(vu, latencyMs, t0, null, false));
    this.slowest.sort((a, b) => (b.response?.ms ?? 0) - (a.response?.ms ?? 0));
    if (this.slowest.length > MAX_SLOW_SAMPLES) this.slowest.length = MAX_SLOW_SAMPLES;
    if (this.slowest.length === MAX_SLOW_SAMPLES) {
      this.slowFloorMs = this.slowest[MAX_SLOW_SAMPLES - 1]?.response?.ms ?? 0;
    }
  }

  keepFailure(vu: LoadVu, latencyMs: number, t0: number, error: Error): void {
    if (this.errors.length < MAX_ERROR_SAMPLES) {
      this.errors.push(this.exchangeOf(vu, latencyMs, t0, error, false));
    }
  }

  private exchangeOf(
    vu: LoadVu,
    latencyMs: number,
    t0: number,
    error: Error | null,
    withBody: boolean,
  ): Exchange {
    const ms = Math.round(latencyMs * 1000) / 1000;
    const at = ((vu.startedAt - t0) / 1000).toFixed(3);
    const { evidence, masker } = this.request;
    const exchange: Exchange = { request: evidence, note: `started at ${at} s into the stage` };
    if (error !== null) {
      exchange.error = `${describeTransportFailure(error).message} after ${ms} ms`;
      return exchange;
    }
    const capture = withBody ? vu.capture : null;
    exchange.response = {
      status: vu.status,
      headers: masker.maskHeaders(vu.responseHeaders()),
      ...(capture ? previewBody(Buffer.concat(capture.chunks), masker, vu.bytes) : {}),
      ...(capture === null && vu.bytes > 0 ? { bodyBytes: vu.bytes } : {}),
      ms,
    };
    return exchange;
  }
}
