import { OrgEndpoints, type CreateOrgRequest } from '@shakedown/core/contract';

import { useMutation } from '@tanstack/react-query';

import { api } from '../../../lib/api';

export const createOrg = (body: CreateOrgRequest) => api.call(OrgEndpoints.createOrg, { body });

/** The page reads the session again afterwards: it lists the new organisation. */
export const useCreateOrg = () => useMutation({ mutationFn: createOrg });
