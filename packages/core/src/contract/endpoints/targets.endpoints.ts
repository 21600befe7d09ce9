import {
  OpenApiDraftRequestSchema,
  OpenApiDraftSchema,
  PutScheduleRequestSchema,
  RevealedSecretSchema,
  RevealSecretRequestSchema,
  ScheduleSchema,
  TargetConfigRequestSchema,
  TargetHistoryQuerySchema,
  TargetHistorySchema,
  TargetListQuerySchema,
  TargetListSchema,
  TargetSchema,
} from '../targets.schema';

import { defineEndpoints, EmptyBodySchema } from './endpoint-spec';

export const TargetEndpoints = defineEndpoints({
  list: {
    method: 'GET',
    path: '/targets',
    tag: 'targets',
    summary: 'Targets of the organisation, newest first; `name` finds one by its exact name',
    access: 'viewer',
    query: TargetListQuerySchema,
    response: TargetListSchema,
  },
  create: {
    method: 'POST',
    path: '/targets',
    tag: 'targets',
    summary: 'Register an API with the config document of docs/spec/config.md (up to 2 MB)',
    description:
      'Errors are `invalid_config` with each path, `budget_over_limit` when the budget exceeds the organisation limits (refused, not capped), `target_name_taken`.',
    access: 'admin',
    idempotent: true,
    largeBody: true,
    serviceValidates: true,
    body: TargetConfigRequestSchema,
    response: TargetSchema,
    status: 201,
  },
  openApiDraft: {
    method: 'POST',
    path: '/targets/openapi-draft',
    tag: 'targets',
    summary:
      'Turn an OpenAPI 3 document (JSON or YAML), pasted or at a URL, into a draft config to review; stores nothing',
    description:
      'Send exactly one of `document` (the text) and `url` (where the API serves it). A URL is downloaded through the SSRF guard: http(s) only, no private, loopback or link-local address unless the deployment allowlists it, every redirect checked again (at most 5), 10 s in all, 2 MB. A relative or missing `servers` entry resolves against the URL.',
    access: 'member',
    largeBody: true,
    body: OpenApiDraftRequestSchema,
    response: OpenApiDraftSchema,
    errors: {
      '422':
        'document_too_complex (past the draft limits); for `url`: host_not_found, host_unreachable, document_too_large, document_fetch_failed (`details.status` is the upstream status)',
      '400':
        'validation_failed, invalid_openapi; for `url`: url_not_allowed (the URL or a redirect goes to an address the deployment refuses)',
    },
  },
  get: {
    method: 'GET',
    path: '/targets/:id',
    tag: 'targets',
    summary: 'One target with its verification and schedule',
    access: 'viewer',
    response: TargetSchema,
  },
  update: {
    method: 'PUT',
    path: '/targets/:id',
    tag: 'targets',
    summary:
      'Replace the config; a new origin resets the ownership verification; masked secrets sent back keep their stored values',
    access: 'admin',
    largeBody: true,
    serviceValidates: true,
    body: TargetConfigRequestSchema,
    response: TargetSchema,
  },
  delete: {
    method: 'DELETE',
    path: '/targets/:id',
    tag: 'targets',
    summary: 'Delete the target with its runs, findings and schedule',
    access: 'admin',
    status: 204,
  },
  revealSecret: {
    method: 'POST',
    path: '/targets/:id/secrets/reveal',
    tag: 'targets',
    summary:
      'Show one stored credential of the config in clear (audited as target.secret_revealed)',
    description:
      "Reads return every credential masked; this is the only way to read one back. `404` when the pointer names no secret of the stored config; `409 secrets_unreadable` when the deployment's `APP_SECRET` cannot open the stored secrets.",
    access: 'admin',
    body: RevealSecretRequestSchema,
    response: RevealedSecretSchema,
  },
  verify: {
    method: 'POST',
    path: '/targets/:id/verify',
    tag: 'targets',
    summary: 'Check ownership now (HTTP token, then DNS TXT; allowlisted hosts pass)',
    access: 'member',
    body: EmptyBodySchema,
    response: TargetSchema,
  },
  history: {
    method: 'GET',
    path: '/targets/:id/history',
    tag: 'targets',
    summary: 'Completed runs with severity counts and load p95, oldest first (charts)',
    access: 'viewer',
    query: TargetHistoryQuerySchema,
    response: TargetHistorySchema,
  },
  putSchedule: {
    method: 'PUT',
    path: '/targets/:id/schedule',
    tag: 'schedules',
    summary: 'Create or replace the target’s schedule (cron in an IANA time zone)',
    access: 'admin',
    body: PutScheduleRequestSchema,
    response: ScheduleSchema,
  },
  deleteSchedule: {
    method: 'DELETE',
    path: '/targets/:id/schedule',
    tag: 'schedules',
    summary: 'Remove the target’s schedule',
    access: 'admin',
    status: 204,
  },
});
