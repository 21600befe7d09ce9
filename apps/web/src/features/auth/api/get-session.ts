import { SessionResponseSchema, type SessionResponse } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { isApiError } from '../../../lib/api-client';
import { api } from '../../../lib/api';

export const sessionQueryKey = ['auth', 'session'] as const;

/** The signed-in user, or null when nobody is. */
export async function getSession(): Promise<SessionResponse | null> {
  try {
    const session = await api.request('GET', '/auth/session', { schema: SessionResponseSchema });
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
  queryOptions({ queryKey: sessionQueryKey, queryFn: getSession, staleTime: 60_000 });

export const useSession = () => useQuery(sessionQueryOptions());
