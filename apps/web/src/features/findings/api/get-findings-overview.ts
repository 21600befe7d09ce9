import { RunEndpoints } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { findingsKeys } from './keys';

export const getFindingsOverview = (orgId: string) => api.call(RunEndpoints.overview, { orgId });

export const findingsOverviewQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: findingsKeys.overview(orgId),
    queryFn: () => getFindingsOverview(orgId),
  });

export const useFindingsOverview = (orgId: string) => useQuery(findingsOverviewQueryOptions(orgId));
