export { createPrismaClient, type CreatePrismaClientOptions, type Db } from './client';
export { hashPassword, verifyPassword } from './passwords';
export {
  migrateDatabase,
  Migrator,
  MigrationError,
  type DriftReport,
  type MigratorOptions,
} from './migrate/index';
export { Prisma, PrismaClient } from './generated/prisma/client';
export * from './generated/prisma/enums';
export type * from './generated/prisma/models';
export * from './repositories/index';
export { decryptSecret, encryptSecret } from './secrets';
export type {
  ApiKey,
  AuditLog,
  CheckResult,
  Finding,
  IdempotencyRecord,
  Invitation,
  LoadResult,
  Membership,
  Org,
  Run,
  Schedule,
  Session,
  Target,
  User,
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEvent,
} from './generated/prisma/client';
