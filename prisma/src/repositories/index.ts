import { ApiKeyRepository } from './api-key.repository';
import { AuditRepository } from './audit.repository';
import { FindingRepository } from './finding.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { InvitationRepository } from './invitation.repository';
import { OrgRepository } from './org.repository';
import { RunRepository } from './run.repository';
import { ScheduleRepository } from './schedule.repository';
import { SessionRepository } from './session.repository';
import { TargetRepository } from './target.repository';
import { UserRepository } from './user.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';

export {
  InvalidCursorError,
  isUniqueViolation,
  isUuid,
  type DbClient,
  type RowPage,
} from './db-client';
export * from './api-key.repository';
export * from './audit.repository';
export * from './finding.repository';
export * from './idempotency.repository';
export * from './invitation.repository';
export * from './org.repository';
export { lockAndCountResource, type CappedResource } from './resource-caps';
export * from './run.repository';
export { RunCreationRefusedError, type CreateRunInput, type RunClaim } from './run-admission';
export type { CheckRow, FindingRow, LoadResultRow, RunResults } from './run-results';
export type { RunLogLine, RunToProcess } from './run-rows';
export * from './schedule.repository';
export * from './session.repository';
export * from './target.repository';
export * from './user.repository';
export * from './webhook-delivery.repository';
export * from './webhook-endpoint.repository';

/** Every repository, one per aggregate: what the apps' dependency injection provides. */
export const REPOSITORIES = [
  ApiKeyRepository,
  AuditRepository,
  FindingRepository,
  IdempotencyRepository,
  InvitationRepository,
  OrgRepository,
  RunRepository,
  ScheduleRepository,
  SessionRepository,
  TargetRepository,
  UserRepository,
  WebhookDeliveryRepository,
  WebhookEndpointRepository,
] as const;
