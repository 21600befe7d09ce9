import {
  renderProgressBar,
  renderProgressLine,
  type Check,
  type ProgressState,
} from '@shakedown/core/report';

import { useColor, type CliIo } from './cli-io';

const CLEAR_LINE = '\r\u001b[2K';

/**
 * Progress on stderr, so stdout carries only the report: on a terminal a bar redrawn in place
 * (failed and errored checks printed above it), otherwise one plain line per finished check.
 */
export class ProgressReporter {
  private readonly isTerminal: boolean;
  private readonly color: boolean;
  private barShown = false;
  private last: ProgressState | undefined;
  private lastPlainKey = '';

  constructor(private readonly io: CliIo) {
    this.isTerminal = io.stderr.isTTY === true;
    this.color = useColor(io.stderr, io.env);
  }

  update(progress: ProgressState, check?: Pick<Check, 'code' | 'route' | 'status' | 'reason'>) {
    this.last = progress;
    if (!this.isTerminal) {
      // Without a check (a probe starting, a remote poll) print only what changed.
      const key = check ? '' : `${progress.done}/${progress.total} ${progress.probe}`;
      if (check || key !== this.lastPlainKey) {
        this.lastPlainKey = key;
        this.io.stderr.write(`${renderProgressLine(progress, check)}\n`);
      }
      return;
    }
    if (check && (check.status === 'failed' || check.status === 'error')) {
      this.print(renderProgressLine(progress, check, { color: this.color }));
    }
    this.drawBar();
  }

  /** A message for the user (a warning from the engine, "cancelling…"), kept above the bar. */
  message(text: string): void {
    this.print(text);
    if (this.barShown) this.drawBar();
  }

  /** Removes the bar before the report is printed. */
  finish(): void {
    if (this.barShown) this.io.stderr.write(CLEAR_LINE);
    this.barShown = false;
  }

  private print(text: string): void {
    if (this.barShown) this.io.stderr.write(CLEAR_LINE);
    this.barShown = false;
    this.io.stderr.write(`${text}\n`);
  }

  private drawBar(): void {
    if (!this.last) return;
    const width = Math.max(10, Math.min(30, (this.io.stderr.columns ?? 80) - 50));
    this.io.stderr.write(
      `${CLEAR_LINE}${renderProgressBar(this.last, { width, color: this.color })}`,
    );
    this.barShown = true;
  }
}
