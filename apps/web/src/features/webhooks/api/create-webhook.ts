import { WebhookEndpoints, type CreateWebhookRequest } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { webhooksKeys } from './keys';

export const createWebhook = (orgId: string, body: CreateWebhookRequest) =>
  api.call(WebhookEndpoints.create, { orgId, body });

export const useCreateWebhook = (orgId: string) =>
  useInvalidatingMutation(
    (body: CreateWebhookRequest) => createWebhook(orgId, body),
    webhooksKeys.list(orgId),
  );
