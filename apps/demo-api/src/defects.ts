/** On unless listed in `withoutDefects`. */
export const DEFAULT_DEFECTS = [
  'idempotency.duplicate_on_parallel_retry',
  'schema.unknown_field_persisted',
  'payload.oversize_accepted',
  'ratelimit.spoofable_ip',
  'errors.stack_trace_leak',
] as const;

/** Off unless listed in `extraDefects` (or `DEMO_EXTRA_DEFECTS`). Each adds exactly its own finding. */
export const EXTRA_DEFECTS = [
  'tenant.cross_read',
  'tenant.cross_write',
  'tenant.cross_delete',
  'tenant.list_leak',
  'auth.missing',
  'idempotency.key_reuse_accepted',
  'idempotency.cross_tenant_replay',
  'schema.wrong_type_accepted',
  'schema.malformed_json_5xx',
  'ratelimit.no_retry_after',
  'ratelimit.ip_only',
  'availability.broken_by_request',
  'idempotency.duplicate_on_lost_response',
  'schema.constraint_violation_persisted',
] as const;

export type DefaultDefect = (typeof DEFAULT_DEFECTS)[number];
export type ExtraDefect = (typeof EXTRA_DEFECTS)[number];
export type DemoDefect = DefaultDefect | ExtraDefect;

/** Whether a defect is switched on: what every part of the demo asks before doing it right. */
export type HasDefect = (defect: DemoDefect) => boolean;

/** The defects switched on: the defaults but `withoutDefects`, plus `extraDefects`. */
export function switchedOn(
  extraDefects: readonly ExtraDefect[] = [],
  withoutDefects: readonly DefaultDefect[] = [],
): HasDefect {
  const defects = new Set<DemoDefect>([
    ...DEFAULT_DEFECTS.filter((defect) => !withoutDefects.includes(defect)),
    ...extraDefects,
  ]);
  return (defect) => defects.has(defect);
}

/** Parses `DEMO_EXTRA_DEFECTS=tenant.cross_read,auth.missing`; throws naming an unknown one. */
export function parseExtraDefects(text: string | undefined): ExtraDefect[] {
  const names = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (!(EXTRA_DEFECTS as readonly string[]).includes(name)) {
      throw new Error(`unknown demo defect "${name}"; known: ${EXTRA_DEFECTS.join(', ')}`);
    }
  }
  return names as ExtraDefect[];
}
