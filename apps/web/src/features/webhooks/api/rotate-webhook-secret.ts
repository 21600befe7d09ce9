import { WebhookEndpoints } from '@shakedown/core/contract';
import { useMutation } from '@tanstack/react-query';

import { api } from '../../../lib/api';

export const rotateWebhookSecret = (orgId: string, id: string) =>
  api.call(WebhookEndpoints.rotateSecret, { orgId, params: { id } });

export const useRotateWebhookSecret = (orgId: string) =>
  useMutation({ mutationFn: (id: string) => rotateWebhookSecret(orgId, id) });
