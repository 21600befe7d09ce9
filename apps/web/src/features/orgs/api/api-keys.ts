import {
  ApiKeyListSchema,
  CreatedApiKeySchema,
  type CreateApiKeyRequest,
} from '@shakedown/core/contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';

export const apiKeysQueryKey = (orgId: string) => ['orgs', orgId, 'api-keys'] as const;

export const apiKeysQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: apiKeysQueryKey(orgId),
    queryFn: () => api.request('GET', '/api-keys', { orgId, schema: ApiKeyListSchema }),
  });

export const useApiKeys = (orgId: string) => useQuery(apiKeysQueryOptions(orgId));

export function useCreateApiKey(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyRequest) =>
      api.request('POST', '/api-keys', { orgId, body, schema: CreatedApiKeySchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey(orgId) }),
  });
}

export function useRevokeApiKey(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.request('DELETE', `/api-keys/${id}`, { orgId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey(orgId) }),
  });
}
