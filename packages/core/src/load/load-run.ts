import { setMaxListeners } from 'node:events';

import { buildConnector, type Client, type Dispatcher } from 'undici';

import { BudgetExceededError, type RunBudget } from '../http/budget';
import type { Clock } from '../http/clock';
import { previewBody } from '../http/evidence';
import { describeTransportFailure } from '../http/transport-failure';
import type { LoadExecutor } from '../config/config.schema';
import type { Exchange, SeriesPoint } from '../report/report.schema';
import {
  createLatencyHistogram,
  encodeHistogram,
  percentileMs,
  summariseLatency,
  toHistogramValue,
  type LatencyHistogram,
} from './latency-histogram';
import { Http1Connection } from './http1-connection';
import type { LoadRequest } from './load-request';
import type { LoadShardResult, RecordedSecond } from './load-result.schema';
import { LoadVu, type VuOwner } from './load-vu';
import { SafetyMonitor } from './safety-monitor';
import { evaluateThreshold, type ParsedThreshold } from './thresholds';

const MAX_ERROR_SAMPLES = 5;
const MAX_SLOW_SAMPLES = 3;
const MAX_STATUS = 999;
/** How often requests on the engine's own connections are checked against the timeout. */
const TIMEOUT_SWEEP_MS = 250;

export interface LoadRunSettings {
  executor: LoadExecutor;
  route: string;
  shard?: { index: number; count: number };
  request: LoadRequest;
  budget: RunBudget;
  clock: Clock;
  /** Planned length of the stage. */
  plannedMs: number;
  timeoutMs: number;
  /** How long in-flight requests may finish after the planned end. */
  gracefulStopMs: number;
  thresholds: ParsedThreshold[];
  baselineWindowMs: number;
  /** Shared dispatcher (e.g. the hosted service's SSRF-guarded agent); else one connection per VU. */
  dispatcher?: Dispatcher;
  /** How the engine's own connections connect (undici's `connect` option); e.g. the SSRF guard. */
  connect?: Client.Options['connect'];
  /** Keep each second's encoded histogram (shards: the merged series stays exact). */
  keepSecondHistograms: boolean;
  onProgress?: (second: SeriesPoint) => void;
  onSample?: (latencyUs: number, status: number) => void;
}

type StopMode = 'graceful' | 'immediate';

/**
 * The measuring side of a load stage, shared by the executors: VUs and their connections, the
 * per-second clock, HDR histograms, counters, evidence samples, the safety monitor and the
 * `abortOnFail` thresholds. Memory is fixed: two histograms, counters and a few samples; only
 * the series grows, by one small point per second.
 */
export class LoadRun implements VuOwner {
  readonly dispatchOptions: Dispatcher.DispatchOptions;
  readonly wire: Buffer;
  readonly isHead: boolean;
  t0 = 0;
  inFlight = 0;
  isStopping = false;
  stopReason: string | undefined;
  /** Called after every counted request; the executor decides what the VU does next. */
  onIterationDone: (vu: LoadVu, failed: boolean) => void = () => undefined;

  requests = 0;
  transportErrors = 0;
  serverErrors = 0;
  droppedIterations = 0;
  interruptedIterations = 0;
  bytesSent = 0;
  bytesReceived = 0;
  readonly notes: string[] = [];

  private readonly statusCounts = new Uint32Array(MAX_STATUS + 1);
  private readonly total = createLatencyHistogram();
  private readonly second = createLatencyHistogram();
  private secondIndex = 0;
  private secondRequests = 0;
  private secondErrors = 0;
  private readonly series: RecordedSecond[] = [];
  private readonly errorSamples: Exchange[] = [];
  private readonly slowSamples: Exchange[] = [];
  private slowFloorMs = 0;
  private readonly vus: LoadVu[] = [];
  private readonly connections: Http1Connection[] = [];
  private readonly connector: buildConnector.connector | undefined;
  private readonly finishController = new AbortController();
  private readonly safety: SafetyMonitor;
  private readonly abortThresholds: ParsedThreshold[];
  private readonly stopController = new AbortController();
  private stopMode: StopMode = 'graceful';
  private stoppedAt: number | undefined;
  private isFinished = false;
  private onDrained: (() => void) | undefined;
  private readonly requestBodyBytes: number;

  constructor(private readonly settings: LoadRunSettings) {
    this.dispatchOptions = settings.request.dispatch;
    this.wire = settings.request.wire;
    this.isHead = settings.request.isHead;
    if (!settings.dispatcher) {
      const connect = settings.connect;
      this.connector =
        typeof connect === 'function'
          ? connect
          : buildConnector({ timeout: settings.timeoutMs, ...connect });
    }
    this.requestBodyBytes = settings.request.body?.length ?? 0;
    this.safety = new SafetyMonitor({ baselineWindowMs: settings.baselineWindowMs });
    this.abortThresholds = settings.thresholds.filter((threshold) => threshold.abortOnFail);
    // Every VU waiting for the budget listens on it: bounded by the VU count, not a leak.
    setMaxListeners(0, this.stopController.signal);
  }

  get clock(): Clock {
    return this.settings.clock;
  }

  get budget(): RunBudget {
    return this.settings.budget;
  }

  /** Aborts when the stage stops early: executors sleep on it. */
  get stopSignal(): AbortSignal {
    return this.stopController.signal;
  }

  get vuCount(): number {
    return this.vus.length;
  }

  /** A new VU with its own connection (or on the shared dispatcher). */
  createVu(): LoadVu {
    let vu: LoadVu;
    if (this.connector) {
      const connection = new Http1Connection(this.settings.request.http1, this.connector);
      this.connections.push(connection);
      vu = new LoadVu(this, connection, null);
    } else {
      vu = new LoadVu(this, null, this.settings.dispatcher ?? null);
    }
    this.vus.push(vu);
    return vu;
  }

  /** Starts the stage clock and the per-second ticker. */
  begin(): void {
    this.t0 = this.clock.now();
    void this.tickSeconds();
    if (this.connector) void this.sweepTimeouts();
  }

  /** Takes one request from the budget: false when `maxRps` says wait; stops on a hard cap. */
  tryAcquire(): boolean {
    try {
      return this.budget.tryAcquire();
    } catch (error) {
      this.abort(budgetReason(error), 'graceful');
      return false;
    }
  }

  /** Sends one request on `vu` at clock time `now`, latency measured from `startedAt`. */
  send(vu: LoadVu, startedAt: number, now: number): void {
    this.inFlight += 1;
    vu.send(startedAt, now);
  }

  shouldCapture(status: number): boolean {
    return status >= 500 && this.errorSamples.length < MAX_ERROR_SAMPLES;
  }

  complete(vu: LoadVu, error: Error | null): void {
    this.inFlight -= 1;
    if (vu.isInterrupted || this.isFinished) {
      this.interruptedIterations += 1;
      this.checkDrained();
      return;
    }
    const latencyMs = this.clock.now() - vu.startedAt;
    this.requests += 1;
    this.secondRequests += 1;
    let isFailed: boolean;
    if (error === null) {
      const status = vu.status;
      this.statusCounts[status > MAX_STATUS ? MAX_STATUS : status]! += 1;
      isFailed = status >= 500;
      if (isFailed) this.serverErrors += 1;
      this.recordLatency(latencyMs, status);
      this.bytesReceived += vu.bytes;
      if (vu.capture !== null && this.errorSamples.length < MAX_ERROR_SAMPLES) {
        this.errorSamples.push(this.exchangeOf(vu, latencyMs, null, true));
      }
      if (latencyMs > this.slowFloorMs) this.keepSlowSample(vu, latencyMs);
    } else {
      isFailed = true;
      this.transportErrors += 1;
      if (isTimeout(error)) this.recordLatency(latencyMs, 0);
      if (this.errorSamples.length < MAX_ERROR_SAMPLES) {
        this.errorSamples.push(this.exchangeOf(vu, latencyMs, error, false));
      }
    }
    if (isFailed) this.secondErrors += 1;
    this.bytesSent += this.requestBodyBytes;
    try {
      this.budget.recordBytes(this.requestBodyBytes + vu.bytes);
    } catch (budgetError) {
      this.abort(budgetReason(budgetError), 'graceful');
    }
    this.onIterationDone(vu, isFailed);
    this.checkDrained();
  }

  /** Stops scheduling (the planned end): in-flight requests may finish within the grace. */
  stopScheduling(): void {
    if (this.isStopping) return;
    this.isStopping = true;
    this.stoppedAt ??= this.clock.now();
    this.stopController.abort();
  }

  /** Stops early, with a reason the report shows. `immediate` cuts in-flight requests off. */
  abort(reason: string, mode: StopMode): void {
    this.stopReason ??= reason;
    if (mode === 'immediate') this.stopMode = 'immediate';
    if (!this.isStopping) {
      this.isStopping = true;
      this.stoppedAt = this.clock.now();
      this.stopController.abort();
    }
  }

  /** Waits for in-flight requests (bounded by the grace), closes connections, and reports. */
  async finish(scheduledIterations: number): Promise<LoadShardResult> {
    this.stopScheduling();
    const graceMs = this.stopMode === 'immediate' ? 0 : this.settings.gracefulStopMs;
    if (this.inFlight > 0 && graceMs > 0) {
      const drained = new Promise<void>((resolve) => {
        this.onDrained = resolve;
      });
      const timeout = new AbortController();
      await Promise.race([
        drained,
        this.clock.sleep(graceMs, timeout.signal).catch(() => undefined),
      ]);
      timeout.abort();
    }
    for (const vu of this.vus) vu.interrupt();
    const closed = new Error('the load stage ended');
    for (const connection of this.connections) connection.close(closed);
    this.isFinished = true;
    this.finishController.abort();

    const planned = this.settings.plannedMs;
    const ranMs =
      this.stopReason === undefined
        ? planned
        : Math.min(planned, (this.stoppedAt ?? this.clock.now()) - this.t0);
    // A stage stopped on a second's boundary has nothing left to report in a last point.
    const isEmptyTail =
      this.stopReason !== undefined && this.secondRequests === 0 && this.series.length > 0;
    if (!isEmptyTail) this.closeSecond(Math.max(1, ranMs - this.secondIndex * 1000), false);

    const statusCounts: Record<string, number> = {};
    this.statusCounts.forEach((count, status) => {
      if (count > 0) statusCounts[String(status)] = count;
    });
    return {
      executor: this.settings.executor,
      route: this.settings.route,
      ...(this.settings.shard ? { shard: this.settings.shard } : {}),
      durationMs: Math.max(0, ranMs),
      scheduledIterations,
      requests: this.requests,
      transportErrors: this.transportErrors,
      serverErrors: this.serverErrors,
      statusCounts,
      droppedIterations: this.droppedIterations,
      interruptedIterations: this.interruptedIterations,
      bytesSent: this.bytesSent,
      bytesReceived: this.bytesReceived,
      histogram: encodeHistogram(this.total),
      series: this.series,
      samples: { errors: this.errorSamples, slowest: this.slowSamples },
      ...(this.stopReason !== undefined ? { abortedReason: this.stopReason } : {}),
      notes: this.notes,
    };
  }

  private recordLatency(latencyMs: number, status: number): void {
    const value = toHistogramValue(latencyMs);
    this.second.recordValue(value);
    this.settings.onSample?.(value, status);
  }

  private checkDrained(): void {
    if (this.inFlight === 0 && this.onDrained) {
      const resolve = this.onDrained;
      this.onDrained = undefined;
      resolve();
    }
  }

  /** Closes a second at each whole second of the stage (the last one closes in `finish`). */
  private async tickSeconds(): Promise<void> {
    const lastTick = Math.ceil(this.settings.plannedMs / 1000) - 1;
    for (let k = 1; k <= lastTick && !this.isStopping; k++) {
      const waitMs = this.t0 + k * 1000 - this.clock.now();
      try {
        await this.clock.sleep(waitMs, this.stopSignal);
      } catch {
        return;
      }
      if (this.isStopping) return;
      this.closeSecond(1000, true);
    }
  }

  /** Fails requests on the engine's own connections that outlive the timeout. */
  private async sweepTimeouts(): Promise<void> {
    const { timeoutMs } = this.settings;
    // Bounded by the stage: `finish` aborts the signal.
    while (!this.isFinished) {
      try {
        await this.clock.sleep(TIMEOUT_SWEEP_MS, this.finishController.signal);
      } catch {
        return;
      }
      const now = this.clock.now();
      for (const vu of this.vus) vu.expire(now, timeoutMs);
    }
  }

  private closeSecond(lengthMs: number, isLive: boolean): void {
    const second = this.second;
    const point: RecordedSecond = {
      t: this.secondIndex,
      lengthMs,
      requests: this.secondRequests,
      errors: this.secondErrors,
      p95: percentileMs(second, 95),
      ...(this.settings.keepSecondHistograms ? { histogram: encodeHistogram(second) } : {}),
    };
    this.series.push(point);
    this.total.add(second);
    if (isLive) {
      const reason = this.safety.observe({
        endMs: this.secondIndex * 1000 + lengthMs,
        requests: point.requests,
        failed: point.errors,
        histogram: second,
        oldestInFlightMs: this.oldestInFlightMs(),
      });
      if (reason !== undefined) this.abort(reason, 'immediate');
      else this.checkAbortThresholds();
    }
    second.reset();
    this.secondIndex += 1;
    this.secondRequests = 0;
    this.secondErrors = 0;
    if (isLive && this.settings.onProgress) {
      try {
        this.settings.onProgress(toSeriesPoint(point));
      } catch (error) {
        this.abort(`the progress callback failed: ${(error as Error).message}`, 'immediate');
      }
    }
  }

  private checkAbortThresholds(): void {
    if (this.abortThresholds.length === 0 || this.requests === 0) return;
    const elapsedMs = this.clock.now() - this.t0;
    const inputs = thresholdInputs(
      this.total,
      this.requests,
      this.serverErrors + this.transportErrors,
    );
    for (const threshold of this.abortThresholds) {
      if (elapsedMs < threshold.delayAbortEvalMs) continue;
      const result = evaluateThreshold(threshold, inputs);
      if (!result.ok) {
        this.abort(
          `threshold ${threshold.metric} ${threshold.expr} failed (value ${result.value}) and has abortOnFail`,
          'immediate',
        );
        return;
      }
    }
  }

  private oldestInFlightMs(): number {
    const now = this.clock.now();
    let oldest = 0;
    for (const vu of this.vus) {
      if (vu.isActive) oldest = Math.max(oldest, now - vu.startedAt);
    }
    return oldest;
  }

  private keepSlowSample(vu: LoadVu, latencyMs: number): void {
    this.slowSamples.push(this.exchangeOf(vu, latencyMs, null, false));
    this.slowSamples.sort((a, b) => (b.response?.ms ?? 0) - (a.response?.ms ?? 0));
    if (this.slowSamples.length > MAX_SLOW_SAMPLES) this.slowSamples.length = MAX_SLOW_SAMPLES;
    if (this.slowSamples.length === MAX_SLOW_SAMPLES) {
      this.slowFloorMs = this.slowSamples[MAX_SLOW_SAMPLES - 1]?.response?.ms ?? 0;
    }
  }

  private exchangeOf(
    vu: LoadVu,
    latencyMs: number,
    error: Error | null,
    withBody: boolean,
  ): Exchange {
    const ms = Math.round(latencyMs * 1000) / 1000;
    const at = ((vu.startedAt - this.t0) / 1000).toFixed(3);
    const { evidence, masker } = this.settings.request;
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

/** What thresholds are evaluated against, from a histogram and counts. */
export function thresholdInputs(histogram: LatencyHistogram, requests: number, failed: number) {
  return {
    requests,
    failedRate: requests === 0 ? 0 : failed / requests,
    latency: summariseLatency(histogram),
    percentile: (p: number) => percentileMs(histogram, p),
  };
}

export function toSeriesPoint(second: RecordedSecond): SeriesPoint {
  return {
    t: second.t,
    rps: Math.round((second.requests / (second.lengthMs / 1000)) * 10) / 10,
    p95: second.p95,
    errors: second.errors,
  };
}

/** A timeout is a latency the target caused; a refused or reset connection is not one. */
function isTimeout(error: Error): boolean {
  return describeTransportFailure(error).kind === 'timeout';
}

function budgetReason(error: unknown): string {
  if (error instanceof BudgetExceededError) return `budget: ${error.message}`;
  throw error;
}
