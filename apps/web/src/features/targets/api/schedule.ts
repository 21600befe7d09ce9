import { TargetEndpoints, type PutScheduleRequest } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useInvalidatingMutation } from '../../../lib/query-client';
import { targetsKeys } from './keys';

export const useSaveSchedule = (orgId: string, targetId: string) =>
  useInvalidatingMutation(
    (body: PutScheduleRequest) =>
      api.call(TargetEndpoints.putSchedule, { orgId, params: { id: targetId }, body }),
    targetsKeys.all(orgId),
  );

export const useDeleteSchedule = (orgId: string, targetId: string) =>
  useInvalidatingMutation(
    () => api.call(TargetEndpoints.deleteSchedule, { orgId, params: { id: targetId } }),
    targetsKeys.all(orgId),
  );
