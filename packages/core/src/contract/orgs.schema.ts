import { z } from 'zod';

import { IdSchema, RoleSchema, TimestampSchema, pageOf } from './common.schema';

/** An organisation's limits; target budgets and runs are capped by them. */
export const OrgLimitsSchema = z.object({
  maxConcurrentRuns: z.number().int(),
  maxDailyRuns: z.number().int(),
  maxRps: z.number().int(),
  maxRequests: z.number().int(),
  maxBytes: z.number().int(),
  maxDurationMs: z.number().int(),
});
export type OrgLimits = z.infer<typeof OrgLimitsSchema>;

/** An organisation as its member sees it, with the member's role. */
export const OrgSchema = z.object({
  id: IdSchema,
  name: z.string(),
  slug: z.string(),
  role: RoleSchema,
  limits: OrgLimitsSchema,
  createdAt: TimestampSchema,
});
export type Org = z.infer<typeof OrgSchema>;
export const OrgListSchema = z.object({ items: z.array(OrgSchema) });
export type OrgList = z.infer<typeof OrgListSchema>;

/** `POST /orgs`: the caller becomes its owner. */
export const CreateOrgRequestSchema = z.strictObject({
  /** Stored in Unicode NFC, so names that look alike compare alike. */
  name: z.string().trim().normalize('NFC').min(1).max(100),
});
export type CreateOrgRequest = z.infer<typeof CreateOrgRequestSchema>;

export const MemberSchema = z.object({
  id: IdSchema,
  userId: IdSchema,
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: TimestampSchema,
});
export type Member = z.infer<typeof MemberSchema>;
export const MemberListSchema = z.object({ items: z.array(MemberSchema) });
export type MemberList = z.infer<typeof MemberListSchema>;

/** `PATCH /members/:id`. Only owners grant or take away `owner`; the last owner stays. */
export const UpdateMemberRequestSchema = z.strictObject({ role: RoleSchema });
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequestSchema>;

export const InvitationSchema = z.object({
  id: IdSchema,
  email: z.string(),
  role: RoleSchema,
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  expiresAt: TimestampSchema,
  createdAt: TimestampSchema,
});
export type Invitation = z.infer<typeof InvitationSchema>;
export const InvitationListSchema = pageOf(InvitationSchema);
export type InvitationList = z.infer<typeof InvitationListSchema>;

/** `POST /invitations`. */
export const CreateInvitationRequestSchema = z.strictObject({
  email: z
    .email({ error: 'must be an email address' })
    .max(254)
    .transform((email) => email.toLowerCase()),
  role: RoleSchema.default('member'),
});
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequestSchema>;

/** The answer of `POST /invitations`: the token of the link is shown this once. */
export const CreatedInvitationSchema = z.object({
  invitation: InvitationSchema,
  token: z.string(),
});
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;

/** `POST /invitations/accept` by the signed-in invitee. */
export const AcceptInvitationRequestSchema = z.strictObject({
  token: z.string().min(1).max(200),
});
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequestSchema>;

/** `POST /invitations/preview`: what the invitee is about to join, before accepting. */
export const InvitationPreviewSchema = z.object({
  orgName: z.string(),
  role: RoleSchema,
  email: z.string(),
  expiresAt: TimestampSchema,
});
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;

export const ApiKeySchema = z.object({
  id: IdSchema,
  name: z.string(),
  /** The first characters of the key, so people can tell keys apart. */
  prefix: z.string(),
  /**
   * The key's own role. It acts with the lesser of this and its creator's current role in the
   * organisation; removing the creator from the organisation revokes the key.
   */
  role: RoleSchema,
  /** Who created the key (null when that user was deleted). */
  createdBy: z.object({ id: IdSchema, email: z.string(), name: z.string() }).nullable(),
  createdAt: TimestampSchema,
  lastUsedAt: TimestampSchema.nullable(),
  revokedAt: TimestampSchema.nullable(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;
export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema) });
export type ApiKeyList = z.infer<typeof ApiKeyListSchema>;

/** `POST /api-keys`. A key's role is at most `admin` and at most the creator's own. */
export const CreateApiKeyRequestSchema = z.strictObject({
  /** Stored in Unicode NFC. */
  name: z.string().trim().normalize('NFC').min(1).max(100),
  role: z.enum(['admin', 'member', 'viewer']).default('member'),
});
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequestSchema>;

/** The answer of `POST /api-keys`: `key` is shown this once (send it as `Authorization: Bearer`). */
export const CreatedApiKeySchema = z.object({
  apiKey: ApiKeySchema,
  key: z.string(),
});
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;

export const AuditEntrySchema = z.object({
  id: IdSchema,
  action: z.string(),
  actorUserId: IdSchema.nullable(),
  actorApiKeyId: IdSchema.nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: TimestampSchema,
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditLogSchema = pageOf(AuditEntrySchema);
export type AuditLog = z.infer<typeof AuditLogSchema>;
