import { TargetEndpoints } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsKeys } from './keys';

export const getTarget = (orgId: string, targetId: string) =>
  api.call(TargetEndpoints.get, { orgId, params: { id: targetId } });

export const targetQueryOptions = (orgId: string, targetId: string) =>
  queryOptions({
    queryKey: targetsKeys.detail(orgId, targetId),
    queryFn: () => getTarget(orgId, targetId),
  });

export const useTarget = (orgId: string, targetId: string) =>
  useQuery(targetQueryOptions(orgId, targetId));
