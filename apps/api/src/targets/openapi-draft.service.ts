import { Inject, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  OPENAPI_DOCUMENT_MAX_BYTES,
  type OpenApiDraft,
  type OpenApiDraftRequest,
} from '@shakedown/core/contract';
import {
  DOCUMENT_FETCH_LIMITS,
  fetchDocument,
  type DocumentFetchRefusalCode,
  type DocumentFetchResult,
  type NetworkPolicy,
} from '@shakedown/core/http';
import { NETWORK_POLICY } from '@shakedown/nest-infra';

import { ApiError } from '../common/api-error';
import { OpenApiDraftRunner } from './openapi-draft.runner';

const CODES: Record<DocumentFetchRefusalCode, ErrorCode> = {
  url_not_allowed: ErrorCode.urlNotAllowed,
  host_not_found: ErrorCode.hostNotFound,
  host_unreachable: ErrorCode.hostUnreachable,
  document_too_large: ErrorCode.documentTooLarge,
  document_fetch_failed: ErrorCode.documentFetchFailed,
};

/** What downloading a document may take: 10 s in all, 5 redirects, the pasted document's 2 MB. */
export const URL_FETCH_LIMITS = { ...DOCUMENT_FETCH_LIMITS, maxBytes: OPENAPI_DOCUMENT_MAX_BYTES };

/**
 * `POST /targets/openapi-draft`: the pasted document, or the one downloaded from `url` through
 * the SSRF guard (core's `fetchDocument`: every hop checked, at most 5 redirects, 10 s, 2 MB),
 * drafted by the runner off the event loop. A document that cannot be downloaded is a `422`
 * naming the URL and the problem (`400 url_not_allowed` for a refused address, as everywhere).
 * Nothing is stored.
 */
@Injectable()
export class OpenApiDraftService {
  constructor(
    @Inject(OpenApiDraftRunner) private readonly runner: OpenApiDraftRunner,
    @Inject(NETWORK_POLICY) private readonly policy: NetworkPolicy,
  ) {}

  async draft(request: OpenApiDraftRequest): Promise<OpenApiDraft> {
    const { document, url, ...options } = request;
    if (url === undefined) return this.runner.draft({ document: document ?? '' }, options);
    // Downloaded before the runner's turn: a slow server holds no drafting slot.
    const fetched = await fetchDocument(url, this.policy, URL_FETCH_LIMITS);
    if (!fetched.ok) throw fetchRefusal(fetched);
    return this.runner.draft({ document: fetched.text, url: fetched.url }, options);
  }
}

/** `url_not_allowed` is a 400 wherever a URL is refused (a redirect's target included). */
function fetchRefusal(refusal: Extract<DocumentFetchResult, { ok: false }>): ApiError {
  const status = refusal.code === 'url_not_allowed' ? 400 : 422;
  return new ApiError(status, CODES[refusal.code], `body.url: ${refusal.message}`, {
    field: 'body.url',
    url: refusal.url,
    ...(refusal.status === undefined ? {} : { status: refusal.status }),
    issues: [{ path: 'body.url', message: refusal.message }],
  });
}
