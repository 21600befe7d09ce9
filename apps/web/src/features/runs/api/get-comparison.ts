import { RunEndpoints } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { runsKeys } from './keys';

export const getComparison = (orgId: string, runId: string) =>
  api.call(RunEndpoints.comparison, { orgId, params: { id: runId } });

export const comparisonQueryOptions = (orgId: string, runId: string) =>
  queryOptions({
    queryKey: runsKeys.comparison(orgId, runId),
    queryFn: () => getComparison(orgId, runId),
  });

export const useComparison = (orgId: string, runId: string, enabled = true) =>
  useQuery({ ...comparisonQueryOptions(orgId, runId), enabled });
