import { TargetSchema } from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { targetsQueryKey } from './list-targets';

/** `POST /targets` takes the config document itself, as written. */
export function useCreateTarget(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (document: unknown) =>
      api.request('POST', '/targets', { orgId, body: document, schema: TargetSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: targetsQueryKey(orgId) }),
  });
}
