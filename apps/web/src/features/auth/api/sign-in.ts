import {
  SessionResponseSchema,
  type SessionResponse,
  type SignInRequest,
} from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { sessionQueryKey } from './get-session';

export async function signIn(body: SignInRequest): Promise<SessionResponse> {
  const session = await api.request('POST', '/auth/sign-in', {
    body,
    schema: SessionResponseSchema,
  });
  api.setCsrfToken(session.csrfToken);
  return session;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (session) => queryClient.setQueryData(sessionQueryKey, session),
  });
}
