import {
  CreatedWebhookEndpointSchema,
  RotatedWebhookSecretSchema,
  WebhookDeliveryListSchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
} from '@shakedown/core/contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';

export const webhooksKeys = {
  all: (orgId: string) => ['webhooks', orgId] as const,
  list: (orgId: string) => ['webhooks', orgId, 'list'] as const,
  deliveries: (orgId: string, endpointId: string) =>
    ['webhooks', orgId, 'deliveries', endpointId] as const,
};

export const webhooksQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: webhooksKeys.list(orgId),
    queryFn: () => api.request('GET', '/webhooks', { orgId, schema: WebhookEndpointListSchema }),
  });

export const useWebhooks = (orgId: string) => useQuery(webhooksQueryOptions(orgId));

export const deliveriesQueryOptions = (orgId: string, endpointId: string) =>
  queryOptions({
    queryKey: webhooksKeys.deliveries(orgId, endpointId),
    queryFn: () =>
      api.request('GET', `/webhooks/${endpointId}/deliveries`, {
        orgId,
        query: { limit: 20 },
        schema: WebhookDeliveryListSchema,
      }),
    // Deliveries are retried in the background; keep the log fresh while it is open.
    refetchInterval: 5_000,
  });

export const useDeliveries = (orgId: string, endpointId: string) =>
  useQuery(deliveriesQueryOptions(orgId, endpointId));

export function useCreateWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookRequest) =>
      api.request('POST', '/webhooks', { orgId, body, schema: CreatedWebhookEndpointSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKeys.list(orgId) }),
  });
}

export function useUpdateWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateWebhookRequest & { id: string }) =>
      api.request('PATCH', `/webhooks/${id}`, { orgId, body, schema: WebhookEndpointSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKeys.list(orgId) }),
  });
}

export function useDeleteWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.request('DELETE', `/webhooks/${id}`, { orgId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKeys.list(orgId) }),
  });
}

export function useRotateWebhookSecret(orgId: string) {
  return useMutation({
    mutationFn: (id: string) =>
      api.request('POST', `/webhooks/${id}/rotate-secret`, {
        orgId,
        body: {},
        schema: RotatedWebhookSecretSchema,
      }),
  });
}

/** Sends a `webhook.test` event through the normal delivery path; it shows in the log. */
export function useTestWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.request('POST', `/webhooks/${id}/test`, { orgId, body: {} }),
    onSuccess: (_answer, id) =>
      queryClient.invalidateQueries({ queryKey: webhooksKeys.deliveries(orgId, id) }),
  });
}
