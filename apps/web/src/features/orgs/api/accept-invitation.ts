import { OrgEndpoints } from '@shakedown/core/contract';

import { useMutation } from '@tanstack/react-query';

import { api } from '../../../lib/api';

/** The invitee accepts while signed in, before acting in any organisation. */
export const acceptInvitation = (token: string) =>
  api.call(OrgEndpoints.acceptInvitation, { body: { token } });

/** The page reads the session again afterwards: it lists the new organisation. */
export const useAcceptInvitation = () => useMutation({ mutationFn: acceptInvitation });
