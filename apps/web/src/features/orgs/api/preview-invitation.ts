import { OrgEndpoints } from '@shakedown/core/contract';
import { useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';

/** The organisation and role an invitation offers, read before the invitee accepts. */
export const useInvitationPreview = (token: string) =>
  useQuery({
    queryKey: ['invitations', 'preview', token],
    queryFn: () => api.call(OrgEndpoints.previewInvitation, { body: { token } }),
    enabled: token !== '',
    retry: false,
  });
