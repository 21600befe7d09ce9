import { OrgSchema, type CreateOrgRequest } from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';

export const createOrg = (body: CreateOrgRequest) =>
  api.request('POST', '/orgs', { body, schema: OrgSchema });

/** Creating an organisation changes the session's memberships: the session is read again. */
export function useCreateOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createOrg,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['auth', 'session'] }),
  });
}
