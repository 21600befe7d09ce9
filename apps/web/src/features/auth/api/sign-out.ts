import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { sessionQueryKey } from './get-session';

export async function signOut(): Promise<void> {
  await api.request('POST', '/auth/sign-out', { body: {} });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSettled: () => {
      api.setCsrfToken(null);
      api.setOrgId(null);
      queryClient.clear();
      queryClient.setQueryData(sessionQueryKey, null);
    },
  });
}
