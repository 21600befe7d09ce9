import type { ApiKeyWithCreator, AuditLog, Invitation, MemberWithUser, Org } from '@shakedown/db';
import type {
  ApiKey as ApiKeyDto,
  AuditEntry,
  Invitation as InvitationDto,
  Member,
  Org as OrgDto,
  Role,
} from '@shakedown/core/contract';

export function toOrgDto(org: Org, role: Role): OrgDto {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    role,
    limits: {
      maxConcurrentRuns: org.maxConcurrentRuns,
      maxDailyRuns: org.maxDailyRuns,
      maxRps: org.maxRps,
      maxRequests: org.maxRequests,
      maxBytes: Number(org.maxBytes),
      maxDurationMs: org.maxDurationMs,
    },
    createdAt: org.createdAt.toISOString(),
  };
}

export function toMemberDto(member: MemberWithUser): Member {
  return {
    id: member.id,
    userId: member.userId,
    email: member.user.email,
    name: member.user.name,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
  };
}

export function toInvitationDto(invitation: Invitation, now = new Date()): InvitationDto {
  const status = invitation.acceptedAt
    ? 'accepted'
    : invitation.revokedAt
      ? 'revoked'
      : invitation.expiresAt <= now
        ? 'expired'
        : 'pending';
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    status,
    expiresAt: invitation.expiresAt.toISOString(),
    createdAt: invitation.createdAt.toISOString(),
  };
}

export function toApiKeyDto(key: ApiKeyWithCreator): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    role: key.role,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

export function toAuditDto(entry: AuditLog): AuditEntry {
  return {
    id: entry.id,
    action: entry.action,
    actorUserId: entry.actorUserId,
    actorApiKeyId: entry.actorApiKeyId,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    metadata:
      entry.metadata !== null &&
      typeof entry.metadata === 'object' &&
      !Array.isArray(entry.metadata)
        ? entry.metadata
        : {},
    ip: entry.ip,
    createdAt: entry.createdAt.toISOString(),
  };
}
