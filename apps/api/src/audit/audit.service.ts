import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository, type DbClient } from '@shakedown/db';
import type { AuditLog, PageQuery } from '@shakedown/core/contract';

import { actorOf, type RequestContext, type UserContext } from '../common/request-context';
import { toAuditDto } from '../orgs/orgs.dto';

/** Sensitive actions: key created or revoked, role changed, target deleted, secret rotated… */
@Injectable()
export class AuditService {
  constructor(@Inject(AuditRepository) private readonly audit: AuditRepository) {}

  async record(
    ctx: RequestContext,
    action: string,
    subject: { type: string; id: string },
    metadata: Record<string, string | number | boolean | null> = {},
    db?: DbClient,
  ): Promise<void> {
    await (db ? this.audit.with(db) : this.audit).record(ctx.orgId, {
      ...actorOf(ctx),
      action,
      subjectType: subject.type,
      subjectId: subject.id,
      metadata,
      ip: ctx.ip,
    });
  }

  /** An action of a signed-in user in an organisation it has no request context for yet. */
  async recordForUser(
    orgId: string,
    user: UserContext,
    action: string,
    subject: { type: string; id: string },
    db?: DbClient,
  ): Promise<void> {
    await (db ? this.audit.with(db) : this.audit).record(orgId, {
      actorUserId: user.userId,
      action,
      subjectType: subject.type,
      subjectId: subject.id,
      ip: user.ip,
    });
  }

  async list(ctx: RequestContext, page: PageQuery): Promise<AuditLog> {
    const rows = await this.audit.listForOrg(ctx.orgId, page);
    return { items: rows.items.map((row) => toAuditDto(row)), nextCursor: rows.nextCursor };
  }
}
