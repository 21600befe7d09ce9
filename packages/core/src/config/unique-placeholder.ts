/**
 * `{{unique}}` inside a string of a body (`routes[].body`, `resource.update.body`) stands for a
 * value drawn fresh for each logical request: `title: 'Groceries {{unique}}'`,
 * `email: 'user-{{unique}}@example.com'`. Repeated creates and the second tenant then never
 * collide on a unique column. Retries of one request (same Idempotency-Key) keep its value.
 */
export const UNIQUE_PLACEHOLDER = '{{unique}}';

/** Every value that replaces the placeholder is this long, of `[a-z0-9]` only. */
export const UNIQUE_VALUE_LENGTH = 8;

/** A value of the placeholder's shape, for checking a sample before any request is made. */
export const UNIQUE_VALUE_EXAMPLE = 'k3x9q2w7';

/** Whether any string inside `value` holds the placeholder. */
export function hasUniquePlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(UNIQUE_PLACEHOLDER);
  if (Array.isArray(value)) return value.some(hasUniquePlaceholder);
  if (value !== null && typeof value === 'object') {
    return Object.values(value).some(hasUniquePlaceholder);
  }
  return false;
}

/**
 * A copy of `value` with every placeholder replaced by `uniqueValue`. One value per request
 * body, so two fields of one body stay matched (a slug and a title made from the same value).
 */
export function fillUniquePlaceholders<T>(value: T, uniqueValue: string): T {
  if (typeof value === 'string') {
    return value.split(UNIQUE_PLACEHOLDER).join(uniqueValue) as T;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => fillUniquePlaceholders(item, uniqueValue)) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillUniquePlaceholders(item, uniqueValue)]),
    ) as T;
  }
  return value;
}
