import { ConfigSchema, type Config, type ConfigInput } from '../../config/config.schema';

type LoadInput = NonNullable<NonNullable<ConfigInput['probes']>['load']>;
type BudgetInput = NonNullable<ConfigInput['target']['budget']>;

/** A parsed config with one `GET /items` route under load, as a test or benchmark needs it. */
export function loadConfig(
  baseUrl: string,
  load: Omit<LoadInput, 'route'>,
  budget: BudgetInput = {},
): Config {
  return ConfigSchema.parse({
    version: 1,
    target: { name: 'load-target', baseUrl, budget: { maxRps: 10_000, ...budget } },
    routes: [{ id: 'list-items', method: 'GET', path: '/items' }],
    probes: { include: ['load'], load: { route: 'list-items', ...load } },
  });
}
