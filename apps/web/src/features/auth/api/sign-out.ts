import { AuthEndpoints } from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { authKeys } from './keys';

export async function signOut(): Promise<void> {
  await api.call(AuthEndpoints.signOut);
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSettled: () => {
      api.setCsrfToken(null);
      api.setOrgId(null);
      queryClient.clear();
      queryClient.setQueryData(authKeys.session, null);
    },
  });
}
