import {
  CreatedInvitationSchema,
  InvitationListSchema,
  OrgSchema,
  type CreateInvitationRequest,
} from '@shakedown/core/contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';

export const invitationsQueryKey = (orgId: string) => ['orgs', orgId, 'invitations'] as const;

export const invitationsQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: invitationsQueryKey(orgId),
    queryFn: () =>
      api.request('GET', '/invitations', {
        orgId,
        query: { limit: 100 },
        schema: InvitationListSchema,
      }),
  });

export const useInvitations = (orgId: string) => useQuery(invitationsQueryOptions(orgId));

export function useCreateInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInvitationRequest) =>
      api.request('POST', '/invitations', { orgId, body, schema: CreatedInvitationSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsQueryKey(orgId) }),
  });
}

export function useRevokeInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.request('DELETE', `/invitations/${id}`, { orgId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsQueryKey(orgId) }),
  });
}

/** The invitee accepts while signed in; the session then lists the new organisation. */
export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      api.request('POST', '/invitations/accept', { body: { token }, schema: OrgSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['auth', 'session'] }),
  });
}
