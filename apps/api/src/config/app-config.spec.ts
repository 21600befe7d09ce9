import { ConfigurationError } from '@shakedown/nest-infra';

import { parseAppConfig } from './app-config';

const BASE = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x' };

describe('the API configuration', () => {
  it('has safe defaults in development and needs APP_SECRET in production', () => {
    const dev = parseAppConfig(BASE);
    expect(dev.APP_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(dev.COOKIE_SECURE).toBe(false);
    expect(dev.TRUSTED_PROXIES).toEqual([]);
    expect(() => parseAppConfig({ ...BASE, NODE_ENV: 'production' })).toThrow(
      /APP_SECRET: is required in production/,
    );
    const prod = parseAppConfig({ ...BASE, NODE_ENV: 'production', APP_SECRET: 'x'.repeat(40) });
    expect(prod.COOKIE_SECURE).toBe(true);
  });

  it('reads lists, treats empty variables as unset and names every bad one', () => {
    const config = parseAppConfig({
      ...BASE,
      TARGET_ALLOWLIST: '127.0.0.1:4010, 10.0.0.0/8',
      WEB_ORIGIN: '',
      APP_SECRET: '',
    });
    expect(config.TARGET_ALLOWLIST).toEqual(['127.0.0.1:4010', '10.0.0.0/8']);
    expect(config.WEB_ORIGIN).toBeUndefined();
    let error: unknown;
    try {
      parseAppConfig({
        ...BASE,
        TARGET_ALLOWLIST: 'not a host!',
        TRUSTED_PROXIES: 'everyone',
        COOKIE_SECURE: 'maybe',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/TARGET_ALLOWLIST/);
    expect((error as Error).message).toMatch(/TRUSTED_PROXIES: "everyone"/);
    expect((error as Error).message).toMatch(/COOKIE_SECURE: must be true or false/);
  });
});
