import { RunEndpoints } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { runsKeys } from './keys';

export const listTargetRuns = (orgId: string, targetId: string) =>
  api.call(RunEndpoints.list, { orgId, query: { targetId, limit: 20 } });

export const targetRunsQueryOptions = (orgId: string, targetId: string) =>
  queryOptions({
    queryKey: runsKeys.list(orgId, targetId),
    queryFn: () => listTargetRuns(orgId, targetId),
  });

export const useTargetRuns = (orgId: string, targetId: string) =>
  useQuery(targetRunsQueryOptions(orgId, targetId));
