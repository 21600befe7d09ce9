import { TargetEndpoints } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { targetsKeys } from './keys';

export const deleteTarget = (orgId: string, targetId: string) =>
  api.call(TargetEndpoints.delete, { orgId, params: { id: targetId } });

export const useDeleteTarget = (orgId: string) =>
  useInvalidatingMutation(
    (targetId: string) => deleteTarget(orgId, targetId),
    targetsKeys.all(orgId),
  );
