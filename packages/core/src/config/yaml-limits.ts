import {
  isAlias,
  isMap,
  isPair,
  isSeq,
  parseDocument,
  type Document,
  type LineCounter,
} from 'yaml';

/** What one YAML document may cost to read (issue 12): its size, aliases, nesting and values. */
export interface YamlLimits {
  /** UTF-8 bytes of the text. */
  maxBytes: number;
  /** `*alias` references (each may copy a whole subtree: "billion laughs"). */
  maxAliases: number;
  /** Nested mappings and sequences. */
  maxDepth: number;
  /** Values in the document, and in the value it becomes once aliases are expanded. */
  maxNodes: number;
}

export const YAML_LIMITS: YamlLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxAliases: 50,
  maxDepth: 64,
  maxNodes: 200_000,
};

/** A document refused for its size (`config_too_large`, 413) or its shape (`document_too_complex`, 422). */
export interface YamlRefusal {
  code: 'config_too_large' | 'document_too_complex';
  limit: keyof YamlLimits;
  message: string;
}

export type YamlRead =
  | { ok: true; document: Document; value: unknown }
  /** Not YAML (`document.errors` says where), or past a limit (`refusal`). */
  | { ok: false; document?: Document; refusal?: YamlRefusal };

export interface ReadYamlOptions {
  limits?: Partial<YamlLimits>;
  lineCounter?: LineCounter;
  uniqueKeys?: boolean;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

function tooComplex(limit: keyof YamlLimits, message: string): YamlRead {
  return { ok: false, refusal: { code: 'document_too_complex', limit, message } };
}

/** Counts the parsed tree's values, aliases and depth, stopping at the first limit passed. */
function shapeRefusal(document: Document, limits: YamlLimits): YamlRead | undefined {
  let nodes = 0;
  let aliases = 0;
  const stack: [unknown, number][] = [[document.contents, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || node === undefined) continue;
    if (isPair(node)) {
      stack.push([node.key, depth], [node.value, depth]);
      continue;
    }
    nodes += 1;
    if (nodes > limits.maxNodes) {
      return tooComplex('maxNodes', `the document has more than ${limits.maxNodes} values`);
    }
    if (isAlias(node) && ++aliases > limits.maxAliases) {
      return tooComplex('maxAliases', `the document uses more than ${limits.maxAliases} aliases`);
    }
    if (isMap(node) || isSeq(node)) {
      if (depth + 1 > limits.maxDepth) {
        return tooComplex('maxDepth', `the document nests deeper than ${limits.maxDepth} levels`);
      }
      for (const item of node.items as unknown[]) stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** Values in a parsed value, shared objects counted each time they are reached; stops past `limit`. */
function countValues(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const current = stack.pop();
    count += 1;
    if (current !== null && typeof current === 'object') {
      for (const item of Object.values(current as Record<string, unknown>)) stack.push(item);
    }
  }
  return count;
}

/**
 * Parses YAML (or JSON) within limits on its size, aliases, depth and values: the config of
 * the CLI (`--config`, exit code 2), the dashboard's editor and the API. Never throws: a text
 * past a limit is a refusal naming it, before or instead of the work it would cost.
 */
export function readYamlWithinLimits(text: string, options: ReadYamlOptions = {}): YamlRead {
  const limits = { ...YAML_LIMITS, ...options.limits };
  const bytes = utf8Length(text);
  if (bytes > limits.maxBytes) {
    return {
      ok: false,
      refusal: {
        code: 'config_too_large',
        limit: 'maxBytes',
        message: `the document is ${bytes} bytes; the limit is ${limits.maxBytes}`,
      },
    };
  }
  const document = parseDocument(text, {
    ...(options.lineCounter ? { lineCounter: options.lineCounter } : {}),
    uniqueKeys: options.uniqueKeys ?? true,
    prettyErrors: false,
  });
  if (document.errors.length > 0) return { ok: false, document };
  const refusal = shapeRefusal(document, limits);
  if (refusal) return refusal;
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    return tooComplex(
      'maxAliases',
      `its aliases expand too far (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (countValues(value, limits.maxNodes) > limits.maxNodes) {
    return tooComplex(
      'maxNodes',
      `the document has more than ${limits.maxNodes} values once its aliases are expanded`,
    );
  }
  return { ok: true, document, value };
}
