import { TargetSchema } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsQueryKey } from './list-targets';

export const targetQueryOptions = (orgId: string, targetId: string) =>
  queryOptions({
    queryKey: [...targetsQueryKey(orgId), 'detail', targetId] as const,
    queryFn: () => api.request('GET', `/targets/${targetId}`, { orgId, schema: TargetSchema }),
  });

export const useTarget = (orgId: string, targetId: string) =>
  useQuery(targetQueryOptions(orgId, targetId));
