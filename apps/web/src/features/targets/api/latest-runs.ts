import { RunEndpoints, type RunStatus } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsKeys } from './keys';

const latestRun = async (orgId: string, targetId: string, status?: RunStatus) => {
  const page = await api.call(RunEndpoints.list, { orgId, query: { targetId, status, limit: 1 } });
  return page.items[0] ?? null;
};

/**
 * The latest run of a target (any status) and its latest completed one, whose findings are
 * the target's open findings.
 */
export const getLatestRuns = async (orgId: string, targetId: string) => {
  const [latest, completed] = await Promise.all([
    latestRun(orgId, targetId),
    latestRun(orgId, targetId, 'completed'),
  ]);
  return { latest, completed };
};

export const latestRunsQueryOptions = (orgId: string, targetId: string) =>
  queryOptions({
    queryKey: targetsKeys.latestRuns(orgId, targetId),
    queryFn: () => getLatestRuns(orgId, targetId),
  });

export const useLatestRuns = (orgId: string, targetId: string) =>
  useQuery(latestRunsQueryOptions(orgId, targetId));
