import { OrgEndpoints, type CreateInvitationRequest } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { orgsKeys } from './keys';

export const createInvitation = (orgId: string, body: CreateInvitationRequest) =>
  api.call(OrgEndpoints.createInvitation, { orgId, body });

export const useCreateInvitation = (orgId: string) =>
  useInvalidatingMutation(
    (body: CreateInvitationRequest) => createInvitation(orgId, body),
    orgsKeys.invitations(orgId),
  );
