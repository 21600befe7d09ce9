export { createPrismaClient, type CreatePrismaClientOptions, type Db } from './client';
export { Prisma } from './generated/prisma/client';
export type {
  ApiKey,
  AuditLog,
  Finding,
  Invitation,
  LoadResult,
  Org,
  Run,
  Schedule,
  Session,
  Target,
  User,
  WebhookEndpoint,
} from './generated/prisma/client';
export { hashPassword, verifyPassword } from './passwords';
export * from './repositories/index';
export {
  maskedConfig,
  openConfig,
  SealedConfigError,
  sealConfig,
  type StoredConfig,
} from './sealed-config';
export { unsafeSealStoredSecrets, type SealedCounts } from './seal-stored-secrets';
export {
  currentKeyId,
  decryptSecret,
  encryptSecret,
  isSealedWithCurrentKey,
  type SecretKeys,
  type SecretKeysInput,
} from './secrets';
export {
  afterCommit,
  inRequestTransaction,
  inTransactionScope,
  transactionAware,
  type RequestTransactionOptions,
} from './request-transaction';
