import { TargetListSchema } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';

export const targetsQueryKey = (orgId: string) => ['targets', orgId] as const;

export const targetsQueryOptions = (orgId: string, cursor?: string) =>
  queryOptions({
    queryKey: [...targetsQueryKey(orgId), 'list', cursor ?? null] as const,
    queryFn: () =>
      api.request('GET', '/targets', {
        orgId,
        query: { limit: 50, cursor },
        schema: TargetListSchema,
      }),
  });

export const useTargets = (orgId: string, cursor?: string) =>
  useQuery(targetsQueryOptions(orgId, cursor));
