import {
  createWebhookBackoffStrategy,
  RetryLaterError,
  webhookRetryDelay,
  webhookRetryWindowMs,
} from './webhook-backoff';

describe('webhook retry backoff', () => {
  it('doubles the delay after each failed attempt', () => {
    const settings = { baseMs: 1000, jitter: 0 };
    expect([1, 2, 3, 4].map((failed) => webhookRetryDelay(failed, settings))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('takes up to the jitter share off each delay at random', () => {
    const settings = { baseMs: 1000, jitter: 0.2 };
    expect(webhookRetryDelay(3, settings, () => 0)).toBe(4000);
    expect(webhookRetryDelay(3, settings, () => 0.5)).toBe(3600);
    expect(webhookRetryDelay(3, settings, () => 0.999999)).toBe(3200);
  });

  it('spreads the default 12 attempts over about a day', () => {
    const hours = webhookRetryWindowMs(12, 42_000) / 3_600_000;
    expect(hours).toBeGreaterThan(20);
    expect(hours).toBeLessThan(28);
  });

  it('uses the delay the processor chose, else the same doubling', () => {
    const strategy = createWebhookBackoffStrategy({ baseMs: 500, jitter: 0 });
    expect(strategy(1, 'webhook', new RetryLaterError('answered 500', 1234))).toBe(1234);
    expect(strategy(3, 'webhook', new Error('database down'))).toBe(2000);
  });
});
