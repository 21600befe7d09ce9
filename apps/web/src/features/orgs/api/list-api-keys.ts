import { OrgEndpoints } from '@shakedown/core/contract';

import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { orgsKeys } from './keys';

export const getApiKeys = (orgId: string) => api.call(OrgEndpoints.listApiKeys, { orgId });

export const apiKeysQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: orgsKeys.apiKeys(orgId), queryFn: () => getApiKeys(orgId) });

export const useApiKeys = (orgId: string) => useQuery(apiKeysQueryOptions(orgId));
