import { TargetEndpoints } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { targetsKeys } from './keys';

/** `POST /targets` takes the config document itself, as written. */
export const createTarget = (orgId: string, document: unknown) =>
  api.call(TargetEndpoints.create, { orgId, body: document });

export const useCreateTarget = (orgId: string) =>
  useInvalidatingMutation(
    (document: unknown) => createTarget(orgId, document),
    targetsKeys.all(orgId),
  );
