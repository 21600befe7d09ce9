import { WebhookEndpoints } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { webhooksKeys } from './keys';

export const listDeliveries = (orgId: string, endpointId: string) =>
  api.call(WebhookEndpoints.deliveries, {
    orgId,
    params: { id: endpointId },
    query: { limit: 20 },
  });

export const deliveriesQueryOptions = (orgId: string, endpointId: string) =>
  queryOptions({
    queryKey: webhooksKeys.deliveries(orgId, endpointId),
    queryFn: () => listDeliveries(orgId, endpointId),
    // Deliveries are retried in the background; keep the log fresh while it is open.
    refetchInterval: 5_000,
  });

export const useDeliveries = (orgId: string, endpointId: string) =>
  useQuery(deliveriesQueryOptions(orgId, endpointId));
