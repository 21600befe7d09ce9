import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { OrgRepository, type Db } from '@shakedown/db';
import { DB } from '@shakedown/nest-infra';
import {
  ErrorCode,
  type CreateOrgRequest,
  type Member,
  type MemberList,
  type Org,
  type OrgList,
  type UpdateMemberRequest,
} from '@shakedown/core/contract';

import { AuditService } from '../audit/audit.service';
import { ResourceCaps } from '../common/resource-caps';
import { ApiError, forbidden, notFound } from '../common/api-error';
import { ApiKeyCache } from '../common/api-key-cache';
import type { RequestContext, UserContext } from '../common/request-context';
import { ApiKeysService } from './api-keys.service';
import { toMemberDto, toOrgDto } from './orgs.dto';

function slugOf(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'org'}-${randomBytes(3).toString('hex')}`;
}

/** Locks the organisation's owners for the transaction; refuses (409) to lose the last one. */
async function keepAnOwner(orgs: OrgRepository, orgId: string): Promise<void> {
  const owners = await orgs.lockOwners(orgId);
  if (owners.length <= 1) {
    throw new ApiError(
      409,
      ErrorCode.lastOwner,
      'the organisation needs an owner: make someone else owner first',
    );
  }
}

@Injectable()
export class OrgsService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(OrgRepository) private readonly orgs: OrgRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ApiKeysService) private readonly apiKeys: ApiKeysService,
    @Inject(ApiKeyCache) private readonly keyCache: ApiKeyCache,
    @Inject(ResourceCaps) private readonly caps: ResourceCaps,
  ) {}

  async list(ctx: UserContext): Promise<OrgList> {
    const memberships = await this.orgs.listMembershipsOfUser(ctx.userId);
    return { items: memberships.map((membership) => toOrgDto(membership.org, membership.role)) };
  }

  async create(ctx: UserContext, input: CreateOrgRequest): Promise<Org> {
    const org = await this.caps.createWithin('owned_orgs', ctx.userId, (tx) =>
      this.orgs.with(tx).createWithOwner(ctx.userId, {
        name: input.name,
        slug: slugOf(input.name),
      }),
    );
    await this.audit.recordForUser(org.id, ctx, 'org.created', { type: 'org', id: org.id });
    return toOrgDto(org, 'owner');
  }

  async current(ctx: RequestContext): Promise<Org> {
    const org = await this.orgs.findForOrg(ctx.orgId);
    if (!org) throw notFound('organisation');
    return toOrgDto(org, ctx.role);
  }

  async members(ctx: RequestContext): Promise<MemberList> {
    return { items: (await this.orgs.listMembers(ctx.orgId)).map(toMemberDto) };
  }

  /** Only owners touch the owner role; the last owner cannot be demoted (owners locked meanwhile). */
  async updateMember(ctx: RequestContext, id: string, input: UpdateMemberRequest): Promise<Member> {
    const updated = await this.db.$transaction(async (tx) => {
      const orgs = this.orgs.with(tx);
      const member = await orgs.findMember(ctx.orgId, id);
      if (!member) throw notFound('member');
      if ((member.role === 'owner' || input.role === 'owner') && ctx.role !== 'owner') {
        throw forbidden('only owners grant or take away the owner role');
      }
      if (member.role === 'owner' && input.role !== 'owner') {
        await keepAnOwner(orgs, ctx.orgId);
      }
      await orgs.updateMemberRole(ctx.orgId, id, input.role);
      await this.audit.record(
        ctx,
        'member.role_changed',
        { type: 'membership', id },
        { from: member.role, to: input.role },
        tx,
      );
      return toMemberDto({ ...member, role: input.role });
    });
    // The member's keys act with at most the new role from the next request on.
    this.keyCache.forgetCreatedBy(ctx.orgId, updated.userId);
    return updated;
  }

  /** The member's API keys are revoked with them (each audited). */
  async removeMember(ctx: RequestContext, id: string): Promise<void> {
    const userId = await this.db.$transaction(async (tx) => {
      const orgs = this.orgs.with(tx);
      const member = await orgs.findMember(ctx.orgId, id);
      if (!member) throw notFound('member');
      const isSelf = ctx.principal.kind === 'session' && ctx.principal.userId === member.userId;
      if (!isSelf && ctx.role !== 'admin' && ctx.role !== 'owner') {
        throw forbidden('this needs the admin role or higher, unless you remove yourself');
      }
      if (member.role === 'owner') {
        if (!isSelf && ctx.role !== 'owner') throw forbidden('only owners remove an owner');
        await keepAnOwner(orgs, ctx.orgId);
      }
      await orgs.removeMember(ctx.orgId, id);
      await this.apiKeys.revokeKeysOfLeaver(ctx, member.userId, tx);
      await this.audit.record(
        ctx,
        'member.removed',
        { type: 'membership', id },
        { userId: member.userId, role: member.role },
        tx,
      );
      return member.userId;
    });
    this.keyCache.forgetCreatedBy(ctx.orgId, userId);
  }
}
