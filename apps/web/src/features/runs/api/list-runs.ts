import { RunListSchema } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { runsKeys } from './keys';

export const targetRunsQueryOptions = (orgId: string, targetId: string) =>
  queryOptions({
    queryKey: runsKeys.list(orgId, targetId),
    queryFn: () =>
      api.request('GET', '/runs', { orgId, query: { targetId, limit: 20 }, schema: RunListSchema }),
  });

export const useTargetRuns = (orgId: string, targetId: string) =>
  useQuery(targetRunsQueryOptions(orgId, targetId));
