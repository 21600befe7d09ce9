import { ErrorCode } from '@shakedown/core/contract';
import {
  checkUrl,
  hostnameOf,
  parseAddress,
  type NetworkPolicy,
  type UrlRefusal,
} from '@shakedown/core/http';

import { ApiError } from './api-error';

const CODES: Record<UrlRefusal['code'], ErrorCode> = {
  url_not_allowed: ErrorCode.urlNotAllowed,
  host_not_found: ErrorCode.hostNotFound,
  host_unreachable: ErrorCode.hostUnreachable,
};

export interface UrlGuardOptions {
  /**
   * Accept a name that resolves to a refused address (a target is registered unverified, and
   * verification and every connection refuse it); resolution failures are still refused.
   */
  allowRefusedAnswers?: boolean;
}

/**
 * Core's `checkUrl` as an API refusal naming the field: `400 url_not_allowed`,
 * `422 host_not_found`, `422 host_unreachable`. Resolution goes through the injected resolver.
 */
export async function assertUrlUsable(
  url: string,
  field: string,
  policy: NetworkPolicy,
  options: UrlGuardOptions = {},
): Promise<void> {
  const refusal = await checkUrl(url, policy);
  if (refusal === undefined) return;
  if (options.allowRefusedAnswers && refusal.code === 'url_not_allowed' && isName(url)) return;
  throw new ApiError(refusal.status, CODES[refusal.code], `${field}: ${refusal.message}`, {
    field,
    issues: [{ path: field, message: refusal.message }],
  });
}

/** Whether the URL's host is a name, not an address literal (which is refused as written). */
function isName(url: string): boolean {
  return parseAddress(hostnameOf(new URL(url))) === undefined;
}
