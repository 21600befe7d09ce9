import { z } from 'zod';

/**
 * Every `error.code` the API answers with. The dashboard and the CLI branch on these, so a
 * code never changes meaning once shipped; new situations get new codes.
 */
export const ErrorCode = {
  /** 400: a body, query or header failed its schema (unknown keys, wrong types, absurd sizes); `details.issues` names each. */
  validationFailed: 'validation_failed',
  /** 400: the body is not valid JSON. */
  invalidJson: 'invalid_json',
  /** 400: the JSON body nests deeper than the API accepts (32 levels). */
  bodyTooDeep: 'body_too_deep',
  /** 400: a target config document failed core's config schema; `details.issues` has each path and message. */
  invalidConfig: 'invalid_config',
  /** 400: an uploaded OpenAPI document could not be read as OpenAPI 3. */
  invalidOpenApi: 'invalid_openapi',
  /** 400: a target's budget is above the organisation's limit; `details` names the limit. */
  budgetOverLimit: 'budget_over_limit',
  /** 400: the password breaks a rule (length, common or breached-style password, contains the email). */
  weakPassword: 'weak_password',
  /** 400: a cookie session belongs to several organisations and sent no `X-Org-Id`. */
  orgRequired: 'org_required',
  /** 400: a URL (target base URL, webhook endpoint) points at an address the deployment refuses (private, loopback, metadata), or is not http(s); for an OpenAPI document's URL, also when a redirect from it does. */
  urlNotAllowed: 'url_not_allowed',
  /** 400: a string or key of the body, or a query parameter, holds a character PostgreSQL cannot store (NUL, a lone UTF-16 surrogate); `details.field` is its JSON Pointer or parameter name. */
  invalidText: 'invalid_text',
  /** 400: the `Idempotency-Key` header is empty, too long or has characters outside printable ASCII. */
  idempotencyKeyInvalid: 'idempotency_key_invalid',
  /** 401: no valid session cookie or API key. */
  unauthenticated: 'unauthenticated',
  /** 401: sign-in with an unknown email or a wrong password (never says which). */
  invalidCredentials: 'invalid_credentials',
  /** 403: a cookie-authenticated write without a valid `X-CSRF-Token`. */
  csrfFailed: 'csrf_failed',
  /** 403: the caller's role in the organisation does not allow this action. */
  forbidden: 'forbidden',
  /** 403: the invitation was sent to another email address than the signed-in user's. */
  invitationEmailMismatch: 'invitation_email_mismatch',
  /** 404: no such route, or no such object in the caller's organisation (another organisation's object included). */
  notFound: 'not_found',
  /** 409: an account with this email already exists. No longer answered: sign-up answers a known email like a fresh one and mails its owner (kept so the code keeps its meaning). */
  emailTaken: 'email_taken',
  /** 409: the organisation already has a target with this name. */
  targetNameTaken: 'target_name_taken',
  /** 409: the user is already a member of the organisation. */
  alreadyMember: 'already_member',
  /** 409: the change would leave the organisation without an owner. */
  lastOwner: 'last_owner',
  /** 409: the target's ownership is not verified (and its host is not allowlisted); no probe may run. */
  targetNotVerified: 'target_not_verified',
  /** 409: the target already has a queued or running run. */
  runAlreadyActive: 'run_already_active',
  /** 409: the organisation already has as many active runs as `maxConcurrentRuns` allows. */
  concurrentRunsLimit: 'concurrent_runs_limit',
  /** 409: the organisation started `maxDailyRuns` runs in the last 24 hours. */
  dailyRunsLimit: 'daily_runs_limit',
  /** 409: cancel of a run that has already finished. */
  runNotActive: 'run_not_active',
  /** 409: the report of a run that has not finished yet. */
  runNotFinished: 'run_not_finished',
  /** 409: a request with the same `Idempotency-Key` is still being processed. */
  idempotencyInProgress: 'idempotency_in_progress',
  /** 409: revoke of an invitation that is no longer pending (accepted, revoked or expired); `details.status` says which. */
  invitationNotPending: 'invitation_not_pending',
  /** 409: the organisation (or account) already has as many of these as the deployment allows; `details` has `resource` and `limit`. */
  resourceLimitReached: 'resource_limit_reached',
  /** 409: `enabled: true` for a disabled webhook endpoint: only a successful test send (`POST /webhooks/{id}/test`) re-enables it. */
  webhookTestRequired: 'webhook_test_required',
  /** 409: the target's stored secrets (or a stored idempotent answer) cannot be opened with the deployment's `APP_SECRET` nor `APP_SECRET_PREVIOUS` (it changed since they were stored): restore it or list it as previous, or send the config with every secret in clear to replace them (a new Idempotency-Key for an answer). */
  secretsUnreadable: 'secrets_unreadable',
  /** 410: the invitation expired, was revoked or was already accepted. */
  invitationExpired: 'invitation_expired',
  /** 413: a config or OpenAPI document is larger than its parser accepts (2 MB of YAML), or the draft made from it would be. */
  configTooLarge: 'config_too_large',
  /** 413: the body is larger than the endpoint accepts (64 KB; 2 MB for configs and OpenAPI uploads). */
  payloadTooLarge: 'payload_too_large',
  /** 415: a body that is not `application/json`. */
  unsupportedMediaType: 'unsupported_media_type',
  /** 422: a YAML or OpenAPI document needs more work than one request may do (aliases, depth, nodes, the draft's time limit); `details` names the limit. */
  documentTooComplex: 'document_too_complex',
  /** 422: the host of a URL (target base URL, webhook endpoint) has no DNS answer. */
  hostNotFound: 'host_not_found',
  /** 422: the host of a URL could not be resolved in time (5 s), or (an OpenAPI document's URL) refused or did not take the connection. */
  hostUnreachable: 'host_unreachable',
  /** 422: the OpenAPI document at a URL is larger than a pasted one may be (2 MB); reading stopped there. */
  documentTooLarge: 'document_too_large',
  /** 422: the OpenAPI document at a URL could not be downloaded: an error status (`details.status`), too many redirects, no answer in time (10 s). */
  documentFetchFailed: 'document_fetch_failed',
  /** 422: the `Idempotency-Key` was already used with another request body or endpoint. */
  idempotencyKeyReused: 'idempotency_key_reused',
  /** 429: too many requests; `Retry-After` and `RateLimit` headers say when to retry. */
  rateLimited: 'rate_limited',
  /** 500: an unexpected failure; the message carries no internals, the request id finds the log line. */
  internal: 'internal',
  /** 503: the database, Redis or the queue cannot be reached. */
  serviceUnavailable: 'service_unavailable',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const ERROR_CODES = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];
export const ErrorCodeSchema = z.enum(ERROR_CODES);
