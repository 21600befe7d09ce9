import { Controller, Inject } from '@nestjs/common';
import {
  OrgEndpoints,
  type AcceptInvitationRequest,
  type ApiKeyList,
  type AuditLog,
  type CreateApiKeyRequest,
  type CreatedApiKey,
  type CreatedInvitation,
  type CreateInvitationRequest,
  type CreateOrgRequest,
  type InvitationList,
  type Member,
  type MemberList,
  type Org,
  type OrgList,
  type PageQuery,
  type UpdateMemberRequest,
  type InvitationPreview,
} from '@shakedown/core/contract';

import { AuditService } from '../audit/audit.service';
import { Ctx, Endpoint, IdParam, UserCtx, ValidBody, ValidQuery } from '../common/endpoint';
import type { RequestContext, UserContext } from '../common/request-context';
import { ApiKeysService } from './api-keys.service';
import { InvitationsService } from './invitations.service';
import { OrgsService } from './orgs.service';

@Controller()
export class OrgsController {
  constructor(
    @Inject(OrgsService) private readonly orgs: OrgsService,
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(ApiKeysService) private readonly apiKeys: ApiKeysService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Endpoint(OrgEndpoints.listOrgs)
  listOrgs(@UserCtx() ctx: UserContext): Promise<OrgList> {
    return this.orgs.list(ctx);
  }

  @Endpoint(OrgEndpoints.createOrg)
  createOrg(@UserCtx() ctx: UserContext, @ValidBody() body: CreateOrgRequest): Promise<Org> {
    return this.orgs.create(ctx, body);
  }

  @Endpoint(OrgEndpoints.currentOrg)
  currentOrg(@Ctx() ctx: RequestContext): Promise<Org> {
    return this.orgs.current(ctx);
  }

  @Endpoint(OrgEndpoints.listMembers)
  listMembers(@Ctx() ctx: RequestContext): Promise<MemberList> {
    return this.orgs.members(ctx);
  }

  @Endpoint(OrgEndpoints.updateMember)
  updateMember(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidBody() body: UpdateMemberRequest,
  ): Promise<Member> {
    return this.orgs.updateMember(ctx, id, body);
  }

  @Endpoint(OrgEndpoints.removeMember)
  removeMember(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<void> {
    return this.orgs.removeMember(ctx, id);
  }

  @Endpoint(OrgEndpoints.listInvitations)
  listInvitations(
    @Ctx() ctx: RequestContext,
    @ValidQuery() query: PageQuery,
  ): Promise<InvitationList> {
    return this.invitations.list(ctx, query);
  }

  @Endpoint(OrgEndpoints.createInvitation)
  createInvitation(
    @Ctx() ctx: RequestContext,
    @ValidBody() body: CreateInvitationRequest,
  ): Promise<CreatedInvitation> {
    return this.invitations.create(ctx, body);
  }

  @Endpoint(OrgEndpoints.revokeInvitation)
  revokeInvitation(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<void> {
    return this.invitations.revoke(ctx, id);
  }

  @Endpoint(OrgEndpoints.previewInvitation)
  previewInvitation(
    @UserCtx() ctx: UserContext,
    @ValidBody() body: AcceptInvitationRequest,
  ): Promise<InvitationPreview> {
    return this.invitations.preview(ctx, body);
  }

  @Endpoint(OrgEndpoints.acceptInvitation)
  acceptInvitation(
    @UserCtx() ctx: UserContext,
    @ValidBody() body: AcceptInvitationRequest,
  ): Promise<Org> {
    return this.invitations.accept(ctx, body);
  }

  @Endpoint(OrgEndpoints.listApiKeys)
  listApiKeys(@Ctx() ctx: RequestContext): Promise<ApiKeyList> {
    return this.apiKeys.list(ctx);
  }

  @Endpoint(OrgEndpoints.createApiKey)
  createApiKey(
    @Ctx() ctx: RequestContext,
    @ValidBody() body: CreateApiKeyRequest,
  ): Promise<CreatedApiKey> {
    return this.apiKeys.create(ctx, body);
  }

  @Endpoint(OrgEndpoints.revokeApiKey)
  revokeApiKey(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<void> {
    return this.apiKeys.revoke(ctx, id);
  }

  @Endpoint(OrgEndpoints.auditLog)
  auditLog(@Ctx() ctx: RequestContext, @ValidQuery() query: PageQuery): Promise<AuditLog> {
    return this.audit.list(ctx, query);
  }
}
