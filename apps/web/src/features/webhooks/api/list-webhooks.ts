import { WebhookEndpoints } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { webhooksKeys } from './keys';

export const listWebhooks = (orgId: string) => api.call(WebhookEndpoints.list, { orgId });

export const webhooksQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: webhooksKeys.list(orgId), queryFn: () => listWebhooks(orgId) });

export const useWebhooks = (orgId: string) => useQuery(webhooksQueryOptions(orgId));
