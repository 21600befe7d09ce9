import { AuthEndpoints, isApiError, type SessionResponse } from '@shakedown/core/contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { authKeys } from './keys';

/** The signed-in user, or null when nobody is. */
export async function getSession(): Promise<SessionResponse | null> {
  try {
    const session = await api.call(AuthEndpoints.session);
    api.setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      api.setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const sessionQueryOptions = () =>
  queryOptions({ queryKey: authKeys.session, queryFn: getSession, staleTime: 60_000 });

export const useSession = () => useQuery(sessionQueryOptions());

/** Signing in or up answers the new session: its CSRF token is kept and the page shows it. */
export function useStartSession<Body>(start: (body: Body) => Promise<SessionResponse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: start,
    onSuccess: (session) => {
      api.setCsrfToken(session.csrfToken);
      queryClient.setQueryData(authKeys.session, session);
    },
  });
}
