import {
  SessionResponseSchema,
  type SessionResponse,
  type SignUpRequest,
} from '@shakedown/core/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { sessionQueryKey } from './get-session';

export async function signUp(body: SignUpRequest): Promise<SessionResponse> {
  const session = await api.request('POST', '/auth/sign-up', {
    body,
    schema: SessionResponseSchema,
  });
  api.setCsrfToken(session.csrfToken);
  return session;
}

export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signUp,
    onSuccess: (session) => queryClient.setQueryData(sessionQueryKey, session),
  });
}
