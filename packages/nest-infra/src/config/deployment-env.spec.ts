import { z } from 'zod';

import { deploymentEnvShape, withDeploymentDefaults } from './deployment-env';
import { ConfigurationError, parseEnv } from './parse-env';

const schema = z.object(deploymentEnvShape(3000)).transform(withDeploymentDefaults);
const parse = (env: Record<string, string>) =>
  parseEnv(schema, { DATABASE_URL: 'postgresql://db/shakedown', ...env });

describe('the variables both processes read', () => {
  it('logs pretty lines in development and JSON lines anywhere else, unless LOG_FORMAT says', () => {
    expect(parse({}).LOG_FORMAT).toBe('pretty');
    expect(parse({ NODE_ENV: 'production' }).LOG_FORMAT).toBe('json');
    expect(parse({ NODE_ENV: 'test' }).LOG_FORMAT).toBe('json');
    expect(parse({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(parse({ NODE_ENV: 'development', LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
    expect(parse({ NODE_ENV: 'production', LOG_FORMAT: '' }).LOG_FORMAT).toBe('json');
  });

  it('refuses any other LOG_FORMAT, naming the choices', () => {
    expect(() => parse({ LOG_FORMAT: 'text' })).toThrow(ConfigurationError);
    expect(() => parse({ LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT: must be json or pretty/);
  });

  it('falls back to the shared development secret only when APP_SECRET is unset', () => {
    expect(parse({}).APP_SECRET).toMatch(/^shakedown-development-secret/);
    expect(parse({ APP_SECRET: 'y'.repeat(40) }).APP_SECRET).toBe('y'.repeat(40));
  });

  it('reads previous keys as a list that only opens, after the current key, each once', () => {
    const current = 'c'.repeat(40);
    const [a, b] = ['a'.repeat(40), 'b'.repeat(40)];
    expect(parse({ APP_SECRET: current }).secretKeys).toEqual({ current, previous: [] });
    expect(
      parse({ APP_SECRET: current, APP_SECRET_PREVIOUS: ` ${a}, ${b},${a},${current}` }).secretKeys,
    ).toEqual({ current, previous: [a, b] });
    expect(() => parse({ APP_SECRET: current, APP_SECRET_PREVIOUS: `${a},short` })).toThrow(
      /APP_SECRET_PREVIOUS: key 2 of the list must be at least 32 characters/,
    );
  });
});
