import { RunComparisonSchema } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { runsKeys } from './keys';

export const comparisonQueryOptions = (orgId: string, runId: string) =>
  queryOptions({
    queryKey: runsKeys.comparison(orgId, runId),
    queryFn: () =>
      api.request('GET', `/runs/${runId}/comparison`, { orgId, schema: RunComparisonSchema }),
  });

export const useComparison = (orgId: string, runId: string, enabled = true) =>
  useQuery({ ...comparisonQueryOptions(orgId, runId), enabled });
