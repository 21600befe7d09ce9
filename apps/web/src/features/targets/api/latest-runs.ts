import { RunListSchema } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsQueryKey } from './list-targets';

/**
 * The latest run of a target (any status) and its latest completed one, whose findings are
 * the target's open findings.
 */
export const latestRunsQueryOptions = (orgId: string, targetId: string) =>
  queryOptions({
    queryKey: [...targetsQueryKey(orgId), 'latest-runs', targetId] as const,
    queryFn: async () => {
      const [latest, completed] = await Promise.all([
        api.request('GET', '/runs', {
          orgId,
          query: { targetId, limit: 1 },
          schema: RunListSchema,
        }),
        api.request('GET', '/runs', {
          orgId,
          query: { targetId, status: 'completed', limit: 1 },
          schema: RunListSchema,
        }),
      ]);
      return { latest: latest.items[0] ?? null, completed: completed.items[0] ?? null };
    },
  });

export const useLatestRuns = (orgId: string, targetId: string) =>
  useQuery(latestRunsQueryOptions(orgId, targetId));
