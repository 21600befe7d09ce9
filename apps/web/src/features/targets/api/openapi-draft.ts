import { OpenApiDraftSchema, type OpenApiDraftRequest } from '@shakedown/core/contract';
import { useMutation } from '@tanstack/react-query';

import { api } from '../../../lib/api';

/** Nothing is stored: the draft comes back for review in the editor. */
export function useOpenApiDraft(orgId: string) {
  return useMutation({
    mutationFn: (body: OpenApiDraftRequest) =>
      api.request('POST', '/targets/openapi-draft', { orgId, body, schema: OpenApiDraftSchema }),
  });
}
