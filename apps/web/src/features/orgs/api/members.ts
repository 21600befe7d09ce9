import {
  MemberListSchema,
  MemberSchema,
  type Role,
  type UpdateMemberRequest,
} from '@shakedown/core/contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';

export const membersQueryKey = (orgId: string) => ['orgs', orgId, 'members'] as const;

export const membersQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: membersQueryKey(orgId),
    queryFn: () => api.request('GET', '/members', { orgId, schema: MemberListSchema }),
  });

export const useMembers = (orgId: string) => useQuery(membersQueryOptions(orgId));

export function useUpdateMemberRole(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) =>
      api.request('PATCH', `/members/${id}`, {
        orgId,
        body: { role } satisfies UpdateMemberRequest,
        schema: MemberSchema,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersQueryKey(orgId) }),
  });
}

export function useRemoveMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.request('DELETE', `/members/${id}`, { orgId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersQueryKey(orgId) }),
  });
}
