import { AuthEndpoints, type SignInRequest } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useStartSession } from './get-session';

export const signIn = (body: SignInRequest) => api.call(AuthEndpoints.signIn, { body });

export const useSignIn = () => useStartSession(signIn);
