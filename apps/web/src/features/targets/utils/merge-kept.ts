/**
 * The three-way merge that lets the form edit a config it cannot fully show: `original` is the
 * document the YAML held, `built` what the form made of it before any edit, `form` what the
 * form makes now. What the form did not change comes back exactly as the YAML had it (fields
 * the form has no control for included); what it changed takes the form's value.
 */

type Plain = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => key in b && deepEqual(a[key], b[key]))
    );
  }
  return false;
}

export function mergeKept(original: unknown, built: unknown, form: unknown): unknown {
  if (deepEqual(form, built)) return original;
  if (isPlainObject(original) && isPlainObject(built) && isPlainObject(form)) {
    const merged: Plain = {};
    for (const key of new Set([...Object.keys(original), ...Object.keys(form)])) {
      const value = mergeKept(original[key], built[key], form[key]);
      if (value !== undefined) merged[key] = value;
    }
    return merged;
  }
  return form;
}

/** The paths (`target.tenants.alice.query`, `routes[0].method`) where the form differs. */
export function keptPaths(original: unknown, built: unknown, path = ''): string[] {
  if (deepEqual(original, built)) return [];
  if (isPlainObject(original) && isPlainObject(built)) {
    return Object.keys(original).flatMap((key) =>
      keptPaths(original[key], built[key], path ? `${path}.${key}` : key),
    );
  }
  return [path];
}
