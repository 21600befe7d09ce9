import { AuthEndpoints, type SignUpRequest } from '@shakedown/core/contract';

import { api } from '../../../lib/api';
import { useStartSession } from './get-session';

export const signUp = (body: SignUpRequest) => api.call(AuthEndpoints.signUp, { body });

export const useSignUp = () => useStartSession(signUp);
