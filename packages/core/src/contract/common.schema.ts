import { z } from 'zod';

export const IdSchema = z.uuid();
export const TimestampSchema = z.iso.datetime({ offset: true });

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** True when `role` grants at least what `required` grants (owner > admin > member > viewer). */
export function hasRole(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(required);
}

/**
 * A text value of a query string. Text PostgreSQL cannot store (NUL, lone surrogates) is refused
 * before any schema, by the edge's one text rule (`findUnstorableText`: `400 invalid_text`).
 */
export function queryText(max: number) {
  return z.string().min(1).max(max);
}

/** `?cursor=&limit=` of every list; `nextCursor` of the previous page goes in `cursor`. */
export const PageQuerySchema = z.strictObject({
  /** Opaque, as `nextCursor` gave it: base64url text. */
  cursor: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this API returned')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/** A page of a list: `nextCursor` is null on the last page. */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}
