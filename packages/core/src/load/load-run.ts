import { setMaxListeners } from 'node:events';

import type { Client, Dispatcher } from 'undici';

import type { LoadExecutor } from '../config/config.schema';
import { answerKeyOf } from '../http/answer-sizes';
import { BudgetExceededError, type RunBudget } from '../http/budget';
import type { Clock } from '../http/clock';
import { describeTransportFailure } from '../http/transport-failure';
import type { SeriesPoint } from '../report/report.schema';
import { encodeHistogram, toHistogramValue } from './latency-histogram';
import type { LoadRequest } from './load-request';
import type { LoadShardResult } from './load-result.schema';
import { LoadSamples } from './load-samples';
import { SecondSeries, toSeriesPoint } from './load-series';
import type { LoadVu, VuOwner } from './load-vu';
import { SafetyMonitor } from './safety-monitor';
import { abortReason, thresholdInputs, type ParsedThreshold } from './thresholds';
import { VuFleet } from './vu-fleet';

const MAX_STATUS = 999;

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
 * per-second clock, counters, the safety monitor and the `abortOnFail` thresholds, over the
 * second-by-second series and the evidence samples. Memory is fixed but for the series, which
 * grows by one small point per second.
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
  private readonly seconds: SecondSeries;
  private readonly samples: LoadSamples;
  private readonly fleet: VuFleet;
  private readonly finishController = new AbortController();
  private readonly safety: SafetyMonitor;
  private readonly abortThresholds: ParsedThreshold[];
  private readonly stopController = new AbortController();
  private stopMode: StopMode = 'graceful';
  private stoppedAt: number | undefined;
  private isFinished = false;
  private onDrained: (() => void) | undefined;
  private readonly requestBodyBytes: number;
  private readonly answerKey: string;
  /** The answer room the last granted {@link tryAcquire} reserved: the next {@link send}'s. */
  private answerRoom = 0;

  constructor(private readonly settings: LoadRunSettings) {
    this.dispatchOptions = settings.request.dispatch;
    this.wire = settings.request.wire;
    this.isHead = settings.request.isHead;
    this.fleet = new VuFleet({
      origin: settings.request.http1,
      timeoutMs: settings.timeoutMs,
      ...(settings.dispatcher ? { dispatcher: settings.dispatcher } : {}),
      ...(settings.connect !== undefined ? { connect: settings.connect } : {}),
    });
    this.requestBodyBytes = settings.request.body?.length ?? 0;
    this.answerKey = answerKeyOf(settings.request.method, settings.request.url);
    this.seconds = new SecondSeries(settings.keepSecondHistograms);
    this.samples = new LoadSamples(settings.request);
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
    return this.fleet.size;
  }

  /** A new VU with its own connection (or on the shared dispatcher). */
  createVu(): LoadVu {
    return this.fleet.create(this);
  }

  /** Starts the stage clock and the per-second ticker. */
  begin(): void {
    this.t0 = this.clock.now();
    void this.tickSeconds();
    void this.fleet.sweepTimeouts(this.clock, this.finishController.signal);
  }

  /** Takes one request from the budget: false when `maxRps` says wait; stops on a hard cap. */
  tryAcquire(): boolean {
    try {
      this.answerRoom = this.budget.answerRoom(this.answerKey);
      return this.budget.tryAcquire(1, this.requestBodyBytes, this.answerKey);
    } catch (error) {
      this.abort(budgetReason(error), 'graceful');
      return false;
    }
  }

  /** Sends one request on `vu` at clock time `now`, latency measured from `startedAt`. */
  send(vu: LoadVu, startedAt: number, now: number): void {
    this.inFlight += 1;
    vu.answerRoom = this.answerRoom;
    vu.send(startedAt, now);
  }

  shouldCapture(status: number): boolean {
    return this.samples.wantsBody(status);
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
    let isFailed: boolean;
    if (error === null) {
      const status = vu.status;
      this.statusCounts[status > MAX_STATUS ? MAX_STATUS : status]! += 1;
      isFailed = status >= 500;
      if (isFailed) this.serverErrors += 1;
      this.recordLatency(latencyMs, status);
      this.bytesReceived += vu.bytes;
      this.samples.keepAnswer(vu, latencyMs, this.t0);
    } else {
      isFailed = true;
      this.transportErrors += 1;
      if (isTimeout(error)) this.recordLatency(latencyMs, 0);
      this.samples.keepFailure(vu, latencyMs, this.t0, error);
    }
    this.seconds.count(isFailed);
    this.bytesSent += this.requestBodyBytes;
    try {
      this.budget.recordAnswer(vu.bytes, vu.answerRoom, this.answerKey);
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
    this.fleet.close();
    this.isFinished = true;
    this.finishController.abort();

    const planned = this.settings.plannedMs;
    const ranMs =
      this.stopReason === undefined
        ? planned
        : Math.min(planned, (this.stoppedAt ?? this.clock.now()) - this.t0);
    // A stage stopped on a second's boundary has nothing left to report in a last point.
    const seconds = this.seconds;
    const isEmptyTail =
      this.stopReason !== undefined && seconds.requests === 0 && seconds.points.length > 0;
    if (!isEmptyTail) this.closeSecond(Math.max(1, ranMs - seconds.index * 1000), false);

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
      histogram: encodeHistogram(seconds.total),
      series: seconds.points,
      samples: { errors: this.samples.errors, slowest: this.samples.slowest },
      ...(this.stopReason !== undefined ? { abortedReason: this.stopReason } : {}),
      notes: this.notes,
    };
  }

  private recordLatency(latencyMs: number, status: number): void {
    const value = toHistogramValue(latencyMs);
    this.seconds.record(value);
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

  private closeSecond(lengthMs: number, isLive: boolean): void {
    const start = this.seconds.index * 1000;
    const point = this.seconds.close(lengthMs, (closed, histogram) => {
      if (!isLive) return;
      const reason = this.safety.observe({
        endMs: start + lengthMs,
        requests: closed.requests,
        failed: closed.errors,
        histogram,
        oldestInFlightMs: this.fleet.oldestInFlightMs(this.clock.now()),
      });
      if (reason !== undefined) this.abort(reason, 'immediate');
      else this.checkAbortThresholds();
    });
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
    const failed = this.serverErrors + this.transportErrors;
    const inputs = thresholdInputs(this.seconds.total, this.requests, failed);
    const reason = abortReason(this.abortThresholds, inputs, this.clock.now() - this.t0);
    if (reason !== undefined) this.abort(reason, 'immediate');
  }
}

/** A timeout is a latency the target caused; a refused or reset connection is not one. */
function isTimeout(error: Error): boolean {
  return describeTransportFailure(error).kind === 'timeout';
}

function budgetReason(error: unknown): string {
  if (error instanceof BudgetExceededError) return `budget: ${error.message}`;
  throw error;
}
