import { parseConfigDocument, type Config } from '@shakedown/core/config';

import { capBudget } from './run-budget';

function config(budget: Record<string, unknown>): Config {
  const parsed = parseConfigDocument({
    version: 1,
    target: { name: 't', baseUrl: 'http://127.0.0.1:4010', budget },
    routes: [{ id: 'r', method: 'GET', path: '/' }],
  });
  if (!parsed.ok) throw new Error('bad test config');
  return parsed.config;
}

const caps = { maxRps: 100, maxRequests: 1000, maxBytes: 1024 ** 2, maxDurationMs: 60_000 };

describe('the run budget against the organisation’s limits', () => {
  it('keeps a budget within the limits as it is', () => {
    const wanted = config({ maxRps: 50, maxRequests: 10, maxBytes: '1KB', maxDuration: '10s' });
    expect(capBudget(wanted, caps)).toEqual({ config: wanted, notes: [] });
  });

  it('caps each part above a limit, and says so', () => {
    const capped = capBudget(config({ maxRps: 500, maxBytes: '2MB', maxDuration: '5m' }), caps);
    expect(capped.config.target.budget).toEqual({
      maxRps: 100,
      maxRequests: 1000,
      maxBytes: 1024 ** 2,
      maxDuration: 60_000,
    });
    expect(capped.notes).toEqual([
      "budget maxRps 500 is above the organisation's limit; using 100",
      "budget maxRequests 20000 is above the organisation's limit; using 1000",
      "budget maxBytes 2.00 MB is above the organisation's limit; using 1.00 MB",
      "budget maxDuration 5m is above the organisation's limit; using 1m",
    ]);
  });
});
