import { OrgEndpoints } from '@shakedown/core/contract';

import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { orgsKeys } from './keys';

export const getInvitations = (orgId: string) =>
  api.call(OrgEndpoints.listInvitations, { orgId, query: { limit: 100 } });

export const invitationsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: orgsKeys.invitations(orgId), queryFn: () => getInvitations(orgId) });

export const useInvitations = (orgId: string) => useQuery(invitationsQueryOptions(orgId));
