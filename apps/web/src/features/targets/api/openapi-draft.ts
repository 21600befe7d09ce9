import { TargetEndpoints, type OpenApiDraftRequest } from '@shakedown/core/contract';
import { useMutation } from '@tanstack/react-query';

import { api } from '../../../lib/api';

/** Nothing is stored: the draft comes back for review in the editor. */
export const draftFromOpenApi = (orgId: string, body: OpenApiDraftRequest) =>
  api.call(TargetEndpoints.openApiDraft, { orgId, body });

export const useOpenApiDraft = (orgId: string) =>
  useMutation({ mutationFn: (body: OpenApiDraftRequest) => draftFromOpenApi(orgId, body) });
