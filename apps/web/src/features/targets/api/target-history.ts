import { TargetEndpoints } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsKeys } from './keys';

export const getTargetHistory = (orgId: string, targetId: string) =>
  api.call(TargetEndpoints.history, { orgId, params: { id: targetId }, query: { limit: 50 } });

export const targetHistoryQueryOptions = (orgId: string, targetId: string) =>
  queryOptions({
    queryKey: targetsKeys.history(orgId, targetId),
    queryFn: () => getTargetHistory(orgId, targetId),
  });

export const useTargetHistory = (orgId: string, targetId: string) =>
  useQuery(targetHistoryQueryOptions(orgId, targetId));
