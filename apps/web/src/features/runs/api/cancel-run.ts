import { RunSchema } from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { runsKeys } from './keys';

export function useCancelRun(orgId: string, runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.request('POST', `/runs/${runId}/cancel`, { orgId, body: {}, schema: RunSchema }),
    onSuccess: (run) => queryClient.setQueryData(runsKeys.detail(orgId, runId), run),
  });
}
