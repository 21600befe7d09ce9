import { TargetHistorySchema } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsQueryKey } from './list-targets';

export const targetHistoryQueryOptions = (orgId: string, targetId: string) =>
  queryOptions({
    queryKey: [...targetsQueryKey(orgId), 'history', targetId] as const,
    queryFn: () =>
      api.request('GET', `/targets/${targetId}/history`, {
        orgId,
        query: { limit: 50 },
        schema: TargetHistorySchema,
      }),
  });

export const useTargetHistory = (orgId: string, targetId: string) =>
  useQuery(targetHistoryQueryOptions(orgId, targetId));
