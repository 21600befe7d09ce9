import { OrgEndpoints } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { orgsKeys } from './keys';

export const removeMember = (orgId: string, id: string) =>
  api.call(OrgEndpoints.removeMember, { orgId, params: { id } });

export const useRemoveMember = (orgId: string) =>
  useInvalidatingMutation((id: string) => removeMember(orgId, id), orgsKeys.members(orgId));
