import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';

import { ErrorMessage, Loading } from '../components/states';
import { paths, withNext } from '../config/paths';
import { useSession } from '../features/auth/api/get-session';
import { authKeys } from '../features/auth/api/keys';
import { api } from '../lib/api';
import {
  CurrentOrgContext,
  pickOrg,
  readStoredOrgId,
  storeOrgId,
  type CurrentOrg,
} from '../lib/current-org';

/** Pages that make sense before the user belongs to any organisation. */
const WITHOUT_ORG: string[] = [paths.createOrg, paths.acceptInvitation];

/**
 * The gate of the signed-in app: no session leads to sign-in (back here afterwards), no
 * organisation leads to creating one, and the chosen organisation is provided to every page.
 */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState(readStoredOrgId);

  useEffect(
    () =>
      api.onUnauthenticated(() => {
        // Only a session that existed can expire; a first visit is simply signed out.
        if (queryClient.getQueryData(authKeys.session)) {
          queryClient.setQueryData(authKeys.expired, true);
          queryClient.setQueryData(authKeys.session, null);
        }
      }),
    [queryClient],
  );

  const memberships = session.data?.memberships;
  const current = useMemo<CurrentOrg | null>(() => {
    const membership = memberships ? pickOrg(memberships, chosen) : undefined;
    if (!memberships || !membership) return null;
    return {
      orgId: membership.orgId,
      membership,
      memberships,
      setOrgId: (orgId) => {
        storeOrgId(orgId);
        setChosen(orgId);
      },
    };
  }, [memberships, chosen]);

  if (session.isPending) return <Loading label="Checking your session…" />;
  if (session.isError) {
    return (
      <main className="auth">
        <ErrorMessage
          error={session.error}
          title="Could not reach Shakedown"
          onRetry={() => void session.refetch()}
        />
      </main>
    );
  }
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={withNext(paths.signIn, next)} replace />;
  }
  if (!current) {
    if (WITHOUT_ORG.includes(location.pathname)) return <Outlet />;
    return <Navigate to={paths.createOrg} replace />;
  }
  return (
    <CurrentOrgContext.Provider value={current}>
      <Outlet />
    </CurrentOrgContext.Provider>
  );
}
