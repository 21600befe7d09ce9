import { RunEndpoints } from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { runsKeys } from './keys';

export const cancelRun = (orgId: string, runId: string) =>
  api.call(RunEndpoints.cancel, { orgId, params: { id: runId } });

export function useCancelRun(orgId: string, runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => cancelRun(orgId, runId),
    onSuccess: (run) => queryClient.setQueryData(runsKeys.detail(orgId, runId), run),
  });
}
