import { RunEndpoints, type CreateRunRequest } from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { runsKeys } from './keys';

/** A fresh key per click: a retried request (network blip) then starts one run, not two. */
function idempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export const createRun = (orgId: string, targetId: string, body: CreateRunRequest) =>
  api.call(RunEndpoints.create, {
    orgId,
    params: { id: targetId },
    body,
    headers: { 'Idempotency-Key': idempotencyKey() },
  });

export function useCreateRun(orgId: string, targetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRunRequest) => createRun(orgId, targetId, body),
    onSuccess: (run) => {
      queryClient.setQueryData(runsKeys.detail(orgId, run.id), run);
      return queryClient.invalidateQueries({ queryKey: runsKeys.list(orgId, targetId) });
    },
  });
}
