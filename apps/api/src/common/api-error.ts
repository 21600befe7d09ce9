import { ErrorCode, type Issue } from '@shakedown/core/contract';

/** A refusal the error filter turns into `{ error: { code, message, requestId, details } }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function notFound(what: string): ApiError {
  return new ApiError(404, ErrorCode.notFound, `no such ${what}`);
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, ErrorCode.forbidden, message);
}

export function invalidInput(issues: Issue[]): ApiError {
  const first = issues[0];
  const message =
    first === undefined
      ? 'the request is not valid'
      : `${first.path === '' ? '' : `${first.path}: `}${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`;
  return new ApiError(400, ErrorCode.validationFailed, message, { issues });
}

/** `400 invalid_text`: text PostgreSQL cannot store, at `field` (a JSON Pointer or `query.name`). */
export function invalidText(field: string, where: string, problem: string): ApiError {
  return new ApiError(400, ErrorCode.invalidText, `${where}: ${problem}, which cannot be stored`, {
    field,
    issues: [{ path: where, message: `${problem}, which cannot be stored` }],
  });
}
