import { TargetSchema } from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsQueryKey } from './list-targets';

/** "Check now": the API fetches the token file or looks up the DNS record. */
export function useCheckVerification(orgId: string, targetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.request('POST', `/targets/${targetId}/verify`, { orgId, body: {}, schema: TargetSchema }),
    onSuccess: (target) => {
      queryClient.setQueryData([...targetsQueryKey(orgId), 'detail', targetId], target);
      return queryClient.invalidateQueries({ queryKey: targetsQueryKey(orgId) });
    },
  });
}
