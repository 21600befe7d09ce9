import { TargetEndpoints } from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsKeys } from './keys';

/** "Check now": the API fetches the token file or looks up the DNS record. */
export const verifyTarget = (orgId: string, targetId: string) =>
  api.call(TargetEndpoints.verify, { orgId, params: { id: targetId } });

export function useCheckVerification(orgId: string, targetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => verifyTarget(orgId, targetId),
    onSuccess: (target) => {
      queryClient.setQueryData(targetsKeys.detail(orgId, targetId), target);
      return queryClient.invalidateQueries({ queryKey: targetsKeys.all(orgId) });
    },
  });
}
