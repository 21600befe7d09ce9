import type { Logger } from '@nestjs/common';
import type { RunProgressEvent } from '@shakedown/core/jobs';
import type { RunLogLine, RunRepository } from '@shakedown/db';
import type { RunSignals } from '@shakedown/nest-infra';

/** Progress rows are written at most this often; every event is still published. */
const PROGRESS_WRITE_MS = 500;
const LOG_FLUSH_LINES = 50;
/** Log lines reach the database within this, so a crash loses at most the last second. */
const LOG_FLUSH_MS = 1_000;

/**
 * What a run tells the world while it executes: progress (checks done / total, current probe)
 * published on the run's Redis channel for the API's live stream and written to the run row,
 * and the run log. Writes are serialised and never fail the run: a hiccup is logged.
 */
export class RunReporter {
  private done = 0;
  private total = 0;
  private probe: string | null = null;
  private lastWrite = 0;
  private lines: RunLogLine[] = [];
  private logTimer: NodeJS.Timeout | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: RunRepository,
    private readonly signals: RunSignals,
    private readonly run: { orgId: string; id: string },
    private readonly logger: Logger,
  ) {}

  get progress(): { done: number; total: number; probe: string | null } {
    return { done: this.done, total: this.total, probe: this.probe };
  }

  /** A check finished or a probe started. */
  update(done: number, total: number, probe: string | null): void {
    this.done = done;
    this.total = total;
    this.probe = probe;
    void this.publish('running');
    const now = Date.now();
    if (now - this.lastWrite >= PROGRESS_WRITE_MS || done === total) {
      this.lastWrite = now;
      const snapshot = { done, total, currentProbe: probe };
      this.enqueueWrite(() =>
        this.repository.updateProgress(this.run.orgId, this.run.id, snapshot),
      );
    }
  }

  log(level: RunLogLine['level'], message: string): void {
    this.lines.push({ level, message, at: new Date() });
    if (this.lines.length >= LOG_FLUSH_LINES) this.flushLog();
    else this.logTimer ??= setTimeout(() => this.flushLog(), LOG_FLUSH_MS);
  }

  async publish(status: RunProgressEvent['status']): Promise<void> {
    await this.signals.publishProgress({
      runId: this.run.id,
      status,
      progressDone: this.done,
      progressTotal: this.total,
      currentProbe: status === 'running' ? this.probe : null,
      at: new Date().toISOString(),
    });
  }

  /** Waits for every pending write, the run log included. */
  async flush(): Promise<void> {
    this.flushLog();
    await this.writes;
  }

  private flushLog(): void {
    clearTimeout(this.logTimer);
    this.logTimer = undefined;
    if (this.lines.length === 0) return;
    const lines = this.lines;
    this.lines = [];
    this.enqueueWrite(() => this.repository.appendLog(this.run.orgId, this.run.id, lines));
  }

  private enqueueWrite(write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch((error: unknown) => {
      this.logger.warn({ err: error, runId: this.run.id }, 'could not record run progress');
    });
  }
}
