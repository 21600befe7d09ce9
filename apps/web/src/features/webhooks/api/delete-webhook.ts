import { WebhookEndpoints } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { webhooksKeys } from './keys';

export const deleteWebhook = (orgId: string, id: string) =>
  api.call(WebhookEndpoints.delete, { orgId, params: { id } });

export const useDeleteWebhook = (orgId: string) =>
  useInvalidatingMutation((id: string) => deleteWebhook(orgId, id), webhooksKeys.list(orgId));
