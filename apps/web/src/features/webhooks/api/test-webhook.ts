import { WebhookEndpoints } from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { webhooksKeys } from './keys';

/** Sends a `webhook.test` event through the normal delivery path; it shows in the log. */
export const testWebhook = (orgId: string, id: string) =>
  api.call(WebhookEndpoints.test, { orgId, params: { id } });

export function useTestWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => testWebhook(orgId, id),
    onSuccess: (_answer, id) =>
      queryClient.invalidateQueries({ queryKey: webhooksKeys.deliveries(orgId, id) }),
  });
}
