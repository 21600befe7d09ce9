import { FindingsOverviewSchema } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';

export const findingsOverviewQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: ['findings', orgId, 'overview'] as const,
    queryFn: () =>
      api.request('GET', '/findings/overview', { orgId, schema: FindingsOverviewSchema }),
  });

export const useFindingsOverview = (orgId: string) => useQuery(findingsOverviewQueryOptions(orgId));
