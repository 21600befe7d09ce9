import { WebhookEndpoints, type UpdateWebhookRequest } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { webhooksKeys } from './keys';

export const updateWebhook = (orgId: string, id: string, body: UpdateWebhookRequest) =>
  api.call(WebhookEndpoints.update, { orgId, params: { id }, body });

export const useUpdateWebhook = (orgId: string) =>
  useInvalidatingMutation(
    ({ id, ...body }: UpdateWebhookRequest & { id: string }) => updateWebhook(orgId, id, body),
    webhooksKeys.list(orgId),
  );
