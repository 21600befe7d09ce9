/** The backoff type of deliveries the worker enqueues: the delay comes from the processor. */
export const WEBHOOK_BACKOFF_TYPE = 'webhook';

/** Thrown by the delivery processor to retry after exactly `delayMs` (logged as the next attempt). */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

export interface BackoffSettings {
  /** First retry delay; each retry doubles it. */
  baseMs: number;
  /** Share of each delay that is random, 0 to 1 (0.2: the delay is 80–100% of the doubling). */
  jitter: number;
}

/**
 * Exponential backoff with jitter: the delay after the `failedAttempts`-th failure is
 * `baseMs × 2^(failedAttempts − 1)`, minus up to `jitter` of it at random, so endpoints that
 * come back are not hit by every retry at once.
 */
export function webhookRetryDelay(
  failedAttempts: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number {
  const full = settings.baseMs * 2 ** Math.max(0, failedAttempts - 1);
  return Math.round(full * (1 - settings.jitter * random()));
}

/** The longest a delivery can take to give up: the sum of every retry delay without jitter. */
export function webhookRetryWindowMs(maxAttempts: number, baseMs: number): number {
  return baseMs * (2 ** Math.max(0, maxAttempts - 1) - 1);
}

/**
 * BullMQ's custom backoff strategy for {@link WEBHOOK_BACKOFF_TYPE}: the processor's own delay
 * when it threw {@link RetryLaterError}, else (an unexpected error) the same doubling.
 */
export function createWebhookBackoffStrategy(settings: BackoffSettings) {
  return (attemptsMade: number, _type?: string, error?: Error): number =>
    error instanceof RetryLaterError ? error.delayMs : webhookRetryDelay(attemptsMade, settings);
}
