/**
 * Text PostgreSQL cannot store. A `text` or `jsonb` value refuses NUL (U+0000), and `jsonb`
 * refuses the escape of a UTF-16 surrogate that has no partner (`"\ud800"`): both used to reach
 * the database and come back as 500s (issue 12). The API checks every string and every object
 * key of a body and every query parameter with {@link findUnstorableText} before any schema,
 * and answers `400 invalid_text` naming the field.
 */

/** Where the first unstorable character is, and what it is. */
export interface UnstorableText {
  /** RFC 6901 JSON Pointer of the value (or of the object whose key it is). */
  pointer: string;
  /** `contains a NUL character (U+0000)`, `contains a lone surrogate (U+D800)`. */
  problem: string;
}

/** Why `text` cannot be stored, or undefined when it can. */
export function unstorableCharacter(text: string): string | undefined {
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit === 0) return 'contains a NUL character (U+0000)';
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      return `contains a lone surrogate (U+${unit.toString(16).toUpperCase()})`;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      return `contains a lone surrogate (U+${unit.toString(16).toUpperCase()})`;
    }
  }
  return undefined;
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The first string or object key in `value` (a parsed JSON value) that PostgreSQL cannot
 * store, with its JSON Pointer; undefined when every piece of text is storable. Iterative, so
 * a deep value cannot overflow the stack.
 */
export function findUnstorableText(value: unknown, root = ''): UnstorableText | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [current, pointer] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = unstorableCharacter(current);
      if (problem !== undefined) return { pointer, problem };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries = Object.entries(current as Record<string, unknown>);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, child] = entries[index]!;
      const childPointer = `${pointer}/${escapePointerToken(key)}`;
      if (!Array.isArray(current)) {
        const problem = unstorableCharacter(key);
        if (problem !== undefined)
          return { pointer: childPointer, problem: `has a key that ${problem}` };
      }
      stack.push([child, childPointer]);
    }
  }
  return undefined;
}
