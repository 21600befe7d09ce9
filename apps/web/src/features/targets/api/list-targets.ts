import { TargetEndpoints } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsKeys } from './keys';

export const listTargets = (orgId: string, cursor?: string) =>
  api.call(TargetEndpoints.list, { orgId, query: { limit: 50, cursor } });

export const targetsQueryOptions = (orgId: string, cursor?: string) =>
  queryOptions({
    queryKey: targetsKeys.list(orgId, cursor),
    queryFn: () => listTargets(orgId, cursor),
  });

export const useTargets = (orgId: string, cursor?: string) =>
  useQuery(targetsQueryOptions(orgId, cursor));
