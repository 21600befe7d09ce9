import { settlesWithin } from './settles-within';

/**
 * Runs `pass` every `intervalMs`, never two at once (a pass still going when the next is due is
 * skipped), reporting failures to `onError`. `stop()` waits a bounded time for the pass under
 * way: with Redis down a pass waits for a connection that may never come.
 */
export class PeriodicPass {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(intervalMs: number, options: { runNow?: boolean } = {}): void {
    if (options.runNow) this.runInBackground();
    this.timer = setInterval(() => this.runInBackground(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.running) await settlesWithin(this.running, 5_000);
  }

  private runInBackground(): void {
    if (this.running) return;
    this.running = this.pass()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
      });
  }
}
