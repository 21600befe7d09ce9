import { z } from 'zod';

import { ErrorBodySchema, type Issue } from '../error.schema';

/** Codes the client gives when the API said nothing it could read. */
export const ClientErrorCode = {
  /** Status 0: the request never got an answer (no network, refused, DNS, TLS). */
  network: 'network',
  /** The answer was a success but not the JSON the endpoint's `response` schema describes. */
  badResponse: 'bad_response',
} as const;

/**
 * An answer that is not a success, with what the API said: its error code, its message and the
 * request id that finds the log line. Transport failures have status 0 and code `network`; an
 * error answer that is not the API's error shape (a proxy's page) has code `http_<status>`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The answer's `Retry-After` in seconds (429 and 503 answers), when it gave one. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly status: number,
    /** One of core's `ErrorCode`s, a `ClientErrorCode`, or `http_<status>`. */
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly details?: { issues?: Issue[] } & Record<string, unknown>,
    options: { cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The session expired, was revoked or never was; a wrong password is not this. */
  get isUnauthenticated(): boolean {
    return this.status === 401 && this.code === 'unauthenticated';
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The error shape with any code: a client older than the server may meet codes it does not know. */
const ReceivedErrorBodySchema = z.object({
  error: ErrorBodySchema.shape.error.extend({ code: z.string().min(1) }),
});

/** The `ApiError` of a non-2xx answer, read from the API's error body. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const headerId = response.headers.get('X-Request-Id');
  const retryAfter = Number(response.headers.get('Retry-After') ?? Number.NaN);
  const options =
    Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {};
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = ReceivedErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, requestId, details } = parsed.data.error;
    return new ApiError(response.status, code, message, requestId || headerId, details, options);
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    `The API answered ${response.status} ${response.statusText}`.trim() + '.',
    headerId,
    undefined,
    options,
  );
}
