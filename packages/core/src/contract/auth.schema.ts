import { z } from 'zod';

import { IdSchema, RoleSchema, TimestampSchema } from './common.schema';

const EmailSchema = z
  .email({ error: 'must be an email address' })
  .max(254)
  .transform((email) => email.toLowerCase());

/** `POST /auth/sign-up`. Password rules are checked by the API (`weak_password` names the rule). */
export const SignUpRequestSchema = z.strictObject({
  email: EmailSchema,
  name: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(256),
});
export type SignUpRequest = z.infer<typeof SignUpRequestSchema>;

/** `POST /auth/sign-in`. */
export const SignInRequestSchema = z.strictObject({
  email: EmailSchema,
  password: z.string().min(1).max(256),
});
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

export const UserSchema = z.object({
  id: IdSchema,
  email: z.string(),
  name: z.string(),
  createdAt: TimestampSchema,
});
export type User = z.infer<typeof UserSchema>;

export const MembershipSummarySchema = z.object({
  orgId: IdSchema,
  orgName: z.string(),
  orgSlug: z.string(),
  role: RoleSchema,
});
export type MembershipSummary = z.infer<typeof MembershipSummarySchema>;

/**
 * `GET /auth/session` (and the answer of sign-up and sign-in): the signed-in user, the CSRF
 * token to send as `X-CSRF-Token` on every cookie-authenticated write, and the user's
 * organisations (send one's id as `X-Org-Id`).
 */
export const SessionResponseSchema = z.object({
  user: UserSchema,
  csrfToken: z.string(),
  expiresAt: TimestampSchema,
  memberships: z.array(MembershipSummarySchema),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

/** One of the user's sessions (`GET /auth/sessions`); `current` is the caller's own. */
export const SessionSummarySchema = z.object({
  id: IdSchema,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: TimestampSchema,
  lastSeenAt: TimestampSchema,
  expiresAt: TimestampSchema,
  current: z.boolean(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;
export const SessionListSchema = z.object({ items: z.array(SessionSummarySchema) });
export type SessionList = z.infer<typeof SessionListSchema>;
