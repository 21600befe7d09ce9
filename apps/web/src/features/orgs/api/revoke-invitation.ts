import { OrgEndpoints } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { orgsKeys } from './keys';

export const revokeInvitation = (orgId: string, id: string) =>
  api.call(OrgEndpoints.revokeInvitation, { orgId, params: { id } });

export const useRevokeInvitation = (orgId: string) =>
  useInvalidatingMutation((id: string) => revokeInvitation(orgId, id), orgsKeys.invitations(orgId));
