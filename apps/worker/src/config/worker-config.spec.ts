import { ConfigurationError } from '@shakedown/nest-infra';

import { parseWorkerConfig } from './worker-config';

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/shakedown' };

describe('the worker’s environment', () => {
  it('has defaults for everything but the database, and the API’s development secret', () => {
    const config = parseWorkerConfig(base);
    expect(config).toMatchObject({
      REDIS_PREFIX: 'shakedown',
      WORKER_CONCURRENCY: 2,
      TARGET_ALLOWLIST: [],
      WEBHOOK_MAX_ATTEMPTS: 12,
      WEBHOOK_BACKOFF_MS: 42_000,
      JOB_MAX_STALLED_COUNT: 1,
      SHUTDOWN_GRACE_MS: 25_000,
      APP_SECRET: 'shakedown-development-secret-do-not-use-in-production',
    });
  });

  it('reads the allowlist as a list, refusing entries the SSRF guard cannot use', () => {
    expect(
      parseWorkerConfig({ ...base, TARGET_ALLOWLIST: ' 127.0.0.1:4010, 10.0.0.0/8 ,' })
        .TARGET_ALLOWLIST,
    ).toEqual(['127.0.0.1:4010', '10.0.0.0/8']);
    expect(() => parseWorkerConfig({ ...base, TARGET_ALLOWLIST: '10.0.0.0/99' })).toThrow(
      /TARGET_ALLOWLIST: network allowlist entry "10.0.0.0\/99" is not a valid CIDR range/,
    );
  });

  it('names every problem at once, and requires APP_SECRET in production', () => {
    let error: unknown;
    try {
      parseWorkerConfig({
        NODE_ENV: 'production',
        WORKER_CONCURRENCY: '0',
        WEBHOOK_BACKOFF_JITTER: '2',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL: is required/);
    expect(message).toMatch(/WORKER_CONCURRENCY:/);
    expect(message).toMatch(/WEBHOOK_BACKOFF_JITTER:/);
    expect(() => parseWorkerConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      /APP_SECRET: is required in production/,
    );
  });
});
