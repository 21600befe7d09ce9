import { OrgEndpoints, type Role } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { orgsKeys } from './keys';

export const updateMemberRole = (orgId: string, id: string, role: Role) =>
  api.call(OrgEndpoints.updateMember, { orgId, params: { id }, body: { role } });

export const useUpdateMemberRole = (orgId: string) =>
  useInvalidatingMutation(
    ({ id, role }: { id: string; role: Role }) => updateMemberRole(orgId, id, role),
    orgsKeys.members(orgId),
  );
