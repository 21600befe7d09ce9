import { OrgEndpoints } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { orgsKeys } from './keys';

export const revokeApiKey = (orgId: string, id: string) =>
  api.call(OrgEndpoints.revokeApiKey, { orgId, params: { id } });

export const useRevokeApiKey = (orgId: string) =>
  useInvalidatingMutation((id: string) => revokeApiKey(orgId, id), orgsKeys.apiKeys(orgId));
