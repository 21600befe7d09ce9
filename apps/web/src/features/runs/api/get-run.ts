import { RunEndpoints } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { isRunActive } from '../utils/progress';
import { runsKeys } from './keys';

/** Polls slowly while the run is active, as a fallback when the event stream is cut. */
export const ACTIVE_RUN_POLL_MS = 5_000;

export const getRun = (orgId: string, runId: string) =>
  api.call(RunEndpoints.get, { orgId, params: { id: runId } });

export const runQueryOptions = (orgId: string, runId: string) =>
  queryOptions({
    queryKey: runsKeys.detail(orgId, runId),
    queryFn: () => getRun(orgId, runId),
    refetchInterval: (query) =>
      query.state.data && isRunActive(query.state.data) ? ACTIVE_RUN_POLL_MS : false,
  });

export const useRun = (orgId: string, runId: string) => useQuery(runQueryOptions(orgId, runId));
