import { Inject, Injectable } from '@nestjs/common';
import { InvitationRepository, isUniqueViolation, OrgRepository, type Db } from '@shakedown/db';
import { DB } from '@shakedown/nest-infra';
import {
  ErrorCode,
  type AcceptInvitationRequest,
  type CreatedInvitation,
  type CreateInvitationRequest,
  type InvitationList,
  type Org,
  type PageQuery,
  type InvitationPreview,
} from '@shakedown/core/contract';

import { AuditService } from '../audit/audit.service';
import { ApiError, forbidden, notFound } from '../common/api-error';
import type { RequestContext, UserContext } from '../common/request-context';
import { newToken, sha256 } from '../auth/tokens';
import { toInvitationDto, toOrgDto } from './orgs.dto';

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

@Injectable()
export class InvitationsService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(InvitationRepository) private readonly invitations: InvitationRepository,
    @Inject(OrgRepository) private readonly orgs: OrgRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, page: PageQuery): Promise<InvitationList> {
    const rows = await this.invitations.listForOrg(ctx.orgId, page);
    return { items: rows.items.map((row) => toInvitationDto(row)), nextCursor: rows.nextCursor };
  }

  async create(ctx: RequestContext, input: CreateInvitationRequest): Promise<CreatedInvitation> {
    if (input.role === 'owner' && ctx.role !== 'owner') forbiddenOwner();
    const token = newToken();
    const invitation = await this.invitations.create(ctx.orgId, {
      email: input.email,
      role: input.role,
      tokenHash: sha256(token),
      invitedById: ctx.principal.kind === 'session' ? ctx.principal.userId : null,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    });
    await this.audit.record(
      ctx,
      'invitation.created',
      { type: 'invitation', id: invitation.id },
      { email: input.email, role: input.role },
    );
    return { invitation: toInvitationDto(invitation), token };
  }

  async revoke(ctx: RequestContext, id: string): Promise<void> {
    const invitation = await this.invitations.findForOrg(ctx.orgId, id);
    if (!invitation) throw notFound('invitation');
    // Only a pending invitation is revoked (and audited); the check and the change are one update.
    if (!(await this.invitations.revoke(ctx.orgId, id))) {
      const { status } = toInvitationDto(invitation);
      throw new ApiError(
        409,
        ErrorCode.invitationNotPending,
        `this invitation is ${status}, not pending: there is nothing to revoke`,
        { status },
      );
    }
    await this.audit.record(ctx, 'invitation.revoked', { type: 'invitation', id });
  }

  /** What the invitation offers: its organisation's name and role, for the invitee only. */
  async preview(ctx: UserContext, input: AcceptInvitationRequest): Promise<InvitationPreview> {
    const invitation = await this.usable(ctx, input.token);
    const org = await this.orgs.findForOrg(invitation.orgId);
    if (!org) throw notFound('invitation');
    return {
      orgName: org.name,
      role: invitation.role,
      email: invitation.email,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  /** The token is the capability; it works once, before expiry, for the invited email only. */
  async accept(ctx: UserContext, input: AcceptInvitationRequest): Promise<Org> {
    const invitation = await this.usable(ctx, input.token);
    return this.join(ctx, invitation);
  }

  private async usable(ctx: UserContext, token: string) {
    const invitation = await this.invitations.unsafeFindByTokenHash(sha256(token));
    if (!invitation) throw notFound('invitation');
    if (invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) {
      throw new ApiError(
        410,
        ErrorCode.invitationExpired,
        'this invitation expired, was revoked or was already used; ask for a new one',
      );
    }
    if (invitation.email !== ctx.email) {
      throw new ApiError(
        403,
        ErrorCode.invitationEmailMismatch,
        'this invitation was sent to another email address',
      );
    }
    return invitation;
  }

  private join(ctx: UserContext, invitation: UsableInvitation): Promise<Org> {
    return this.db.$transaction(async (tx) => {
      const orgs = this.orgs.with(tx);
      if (await orgs.findMembership(invitation.orgId, ctx.userId)) {
        throw new ApiError(
          409,
          ErrorCode.alreadyMember,
          'you are already a member of this organisation',
        );
      }
      if (!(await this.invitations.with(tx).markAccepted(invitation.orgId, invitation.id))) {
        throw new ApiError(
          410,
          ErrorCode.invitationExpired,
          'this invitation was just used or revoked',
        );
      }
      try {
        await orgs.addMember(invitation.orgId, ctx.userId, invitation.role);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ApiError(
            409,
            ErrorCode.alreadyMember,
            'you are already a member of this organisation',
          );
        throw error;
      }
      await this.audit.recordForUser(
        invitation.orgId,
        ctx,
        'invitation.accepted',
        { type: 'invitation', id: invitation.id },
        tx,
      );
      const org = await orgs.findForOrg(invitation.orgId);
      if (!org) throw notFound('organisation');
      return toOrgDto(org, invitation.role);
    });
  }
}

type UsableInvitation = NonNullable<
  Awaited<ReturnType<InvitationRepository['unsafeFindByTokenHash']>>
>;

function forbiddenOwner(): never {
  throw forbidden('only owners invite owners');
}
