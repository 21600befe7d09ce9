import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsQueryKey } from './list-targets';

export function useDeleteTarget(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (targetId: string) => api.request('DELETE', `/targets/${targetId}`, { orgId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: targetsQueryKey(orgId) }),
  });
}
