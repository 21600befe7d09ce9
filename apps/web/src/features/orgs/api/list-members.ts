import { OrgEndpoints } from '@shakedown/core/contract';

import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { orgsKeys } from './keys';

export const getMembers = (orgId: string) => api.call(OrgEndpoints.listMembers, { orgId });

export const membersQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: orgsKeys.members(orgId), queryFn: () => getMembers(orgId) });

export const useMembers = (orgId: string) => useQuery(membersQueryOptions(orgId));
