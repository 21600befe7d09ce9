import { OrgEndpoints, type CreateApiKeyRequest } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { orgsKeys } from './keys';

export const createApiKey = (orgId: string, body: CreateApiKeyRequest) =>
  api.call(OrgEndpoints.createApiKey, { orgId, body });

export const useCreateApiKey = (orgId: string) =>
  useInvalidatingMutation(
    (body: CreateApiKeyRequest) => createApiKey(orgId, body),
    orgsKeys.apiKeys(orgId),
  );
