/** `${NAME}` placeholders of a config, as the import writes them for the tenants' credentials. */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A copy of `value` with each `${NAME}` that `values` has replaced by its value. */
export function fillEnv<T>(value: T, values: Readonly<Record<string, string>>): T {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole) as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => fillEnv(item, values)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillEnv(item, values)]),
    ) as T;
  }
  return value;
}
