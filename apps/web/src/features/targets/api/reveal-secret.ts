import { hasRole, TargetEndpoints, type Role } from '@shakedown/core/contract';
import type { ExchangeRequest } from '@shakedown/core/report';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

import { api } from '../../../lib/api';
import { revealRequestSecrets, type RevealedRequest } from '../utils/reveal-request-secrets';
import { targetQueryOptions } from './get-target';

/** `POST /targets/:id/secrets/reveal`: one stored credential in clear (admins; audited). */
export const revealSecret = (orgId: string, targetId: string, pointer: string) =>
  api.call(TargetEndpoints.revealSecret, { orgId, params: { id: targetId }, body: { pointer } });

/**
 * For admins and owners: a recorded request of this target with its real credentials, each
 * revealed through the audited endpoint. Undefined for members and viewers, who never see the
 * option (the API refuses them too).
 */
export function useRevealRequest(
  orgId: string,
  targetId: string | undefined,
  role: Role,
): ((request: ExchangeRequest) => Promise<RevealedRequest>) | undefined {
  const queryClient = useQueryClient();
  const reveal = useCallback(
    async (request: ExchangeRequest) => {
      const target = await queryClient.fetchQuery(targetQueryOptions(orgId, targetId ?? ''));
      return revealRequestSecrets(request, target.config, async (pointer) => {
        return (await revealSecret(orgId, target.id, pointer)).value;
      });
    },
    [queryClient, orgId, targetId],
  );
  return targetId !== undefined && hasRole(role, 'admin') ? reveal : undefined;
}
