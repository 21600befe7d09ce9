import type { Org } from '@shakedown/core/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import { paths } from '../config/paths';
import { authKeys } from '../features/auth/api/keys';
import { storeOrgId } from '../lib/current-org';

/**
 * After creating or joining an organisation: act in it, read the session again (it lists the
 * user's organisations, which the session gate checks) and go to its targets.
 */
export function useEnterOrg(): (org: Org) => void {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (org) => {
    storeOrgId(org.id);
    void queryClient
      .invalidateQueries({ queryKey: authKeys.session })
      .then(() => navigate(paths.targets, { replace: true }));
  };
}
