import { TargetEndpoints } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { targetsKeys } from './keys';

/** `PUT /targets/:id` replaces the config; runs, findings and the schedule stay. */
export const useUpdateTarget = (orgId: string, targetId: string) =>
  useInvalidatingMutation(
    (document: unknown) =>
      api.call(TargetEndpoints.update, { orgId, params: { id: targetId }, body: document }),
    targetsKeys.all(orgId),
  );
