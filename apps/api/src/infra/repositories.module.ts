import { Global, Module, type Provider } from '@nestjs/common';
import {
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
  WebhookRepository,
  type Db,
} from '@shakedown/db';
import { DB } from '@shakedown/nest-infra';

const REPOSITORIES = [
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
  WebhookRepository,
];

const providers: Provider[] = REPOSITORIES.map((Repository) => ({
  provide: Repository,
  useFactory: (db: Db) => new Repository(db),
  inject: [DB],
}));

/** Every repository over the shared Prisma client; services use `.with(tx)` in transactions. */
@Global()
@Module({ providers, exports: REPOSITORIES })
export class RepositoriesModule {}
