import {
  SessionListSchema,
  SessionResponseSchema,
  SignInRequestSchema,
  SignUpRequestSchema,
} from '../auth.schema';

import { defineEndpoints, EmptyBodySchema } from './endpoint-spec';

export const AuthEndpoints = defineEndpoints({
  signUp: {
    method: 'POST',
    path: '/auth/sign-up',
    tag: 'auth',
    summary: 'Create an account and sign in (sets the session cookie)',
    access: 'public',
    addressLimit: 'sign-up',
    body: SignUpRequestSchema,
    response: SessionResponseSchema,
    status: 201,
  },
  signIn: {
    method: 'POST',
    path: '/auth/sign-in',
    tag: 'auth',
    summary: 'Sign in with email and password (sets the session cookie)',
    description:
      'Throttled per client address and per account: repeated failures lock the account for 15 minutes.',
    access: 'public',
    addressLimit: 'sign-in',
    body: SignInRequestSchema,
    response: SessionResponseSchema,
  },
  signOut: {
    method: 'POST',
    path: '/auth/sign-out',
    tag: 'auth',
    summary: 'Revoke the current session and clear its cookie',
    access: 'user',
    body: EmptyBodySchema,
    status: 204,
  },
  session: {
    method: 'GET',
    path: '/auth/session',
    tag: 'auth',
    summary: 'The signed-in user, the CSRF token for writes and the user’s organisations',
    access: 'user',
    response: SessionResponseSchema,
  },
  listSessions: {
    method: 'GET',
    path: '/auth/sessions',
    tag: 'auth',
    summary: 'The user’s live sessions',
    access: 'user',
    response: SessionListSchema,
  },
  revokeSession: {
    method: 'DELETE',
    path: '/auth/sessions/:id',
    tag: 'auth',
    summary: 'Revoke one of the user’s sessions',
    access: 'user',
    status: 204,
  },
});
