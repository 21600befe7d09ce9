import { isMap, isSeq, LineCounter, type Document } from 'yaml';
import type { z } from 'zod';

import { ConfigSchema, type Config } from './config.schema';
import { readYamlWithinLimits } from './yaml-limits';

/** One problem with a config, located by its path (and line, when parsed from text). */
export interface ConfigIssue {
  /** `routes[1].resource.idPath`; empty for the document itself. */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export type ParseConfigResult = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

export interface ParseConfigOptions {
  /**
   * Values for `${NAME}` placeholders in strings. Without it, placeholders stay as written
   * (the hosted service stores configs unresolved).
   */
  env?: Readonly<Record<string, string | undefined>>;
}

type PathSegment = string | number;

/** `['routes', 1, 'resource', 'idPath']` → `routes[1].resource.idPath`. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const key = String(segment);
    const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
    return text === '' ? safe : `${text}.${safe}`;
  }, '');
}

export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.path === '' ? '' : `${issue.path}: `;
  const line = issue.line === undefined ? '' : ` (line ${issue.line})`;
  return `${where}${issue.message}${line}`;
}

/** Parses `shakedown.yml` text (YAML, or JSON, which YAML reads too). */
export function parseConfigText(text: string, options: ParseConfigOptions = {}): ParseConfigResult {
  const lineCounter = new LineCounter();
  const read = readYamlWithinLimits(text, { lineCounter });
  if (!read.ok) {
    if (read.refusal) return { ok: false, issues: [{ path: '', message: read.refusal.message }] };
    return {
      ok: false,
      issues: (read.document?.errors ?? []).map((error) => {
        const position = error.linePos?.[0];
        return {
          path: '',
          message: `not valid YAML or JSON: ${error.message.split('\n')[0]}`,
          ...(position ? { line: position.line, column: position.col } : {}),
        };
      }),
    };
  }
  const document = read.document;
  const result = parseConfigDocument(read.value, options);
  if (result.ok) return result;
  return { ok: false, issues: result.issues.map((issue) => locate(issue, document, lineCounter)) };
}

/** Validates an already-parsed document (e.g. the JSON body of `POST /targets`). */
export function parseConfigDocument(
  document: unknown,
  options: ParseConfigOptions = {},
): ParseConfigResult {
  const issues: ConfigIssue[] = [];
  const interpolated = options.env ? interpolate(document, options.env, [], issues) : document;
  if (issues.length > 0) return { ok: false, issues };
  const parsed = ConfigSchema.safeParse(interpolated, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, issues: parsed.error.issues.flatMap(toConfigIssues) };
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function interpolate(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: PathSegment[],
  issues: ConfigIssue[],
): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (placeholder, name: string) => {
      const resolved = env[name];
      if (resolved === undefined) {
        issues.push({
          path: formatConfigPath(path),
          message: `environment variable ${name} is not set`,
        });
        return placeholder;
      }
      return resolved;
    });
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => interpolate(item, env, [...path, index], issues));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        interpolate(item, env, [...path, key], issues),
      ]),
    );
  }
  return value;
}

function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatConfigPath([...issue.path, key]),
      message: 'unknown key',
    }));
  }
  return [{ path: formatConfigPath(issue.path), message: describeIssue(issue) }];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    return `must be ${article(issue.expected)}, not ${describeValue(issue.input)}`;
  }
  return issue.message;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  let shown: string;
  switch (typeof value) {
    case 'string':
      shown = JSON.stringify(value);
      break;
    case 'number':
    case 'boolean':
    case 'bigint':
      shown = String(value);
      break;
    default:
      return `a ${typeof value}`;
  }
  return `${typeof value} ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`;
}

/** Adds the line of the issue's path, or of its nearest existing parent, in the YAML text. */
function locate(issue: ConfigIssue, document: Document, lineCounter: LineCounter): ConfigIssue {
  const path = parsePath(issue.path);
  for (let length = path.length; length >= 0; length -= 1) {
    const offset = nodeOffset(document, path.slice(0, length));
    if (offset !== undefined) {
      const { line, col } = lineCounter.linePos(offset);
      return { ...issue, line, column: col };
    }
  }
  return issue;
}

function nodeOffset(document: Document, path: PathSegment[]): number | undefined {
  let node: unknown = document.contents;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) =>
          String((item.key as { value?: unknown } | null)?.value ?? item.key) === String(segment),
      );
      if (!pair) return undefined;
      // Point at the key: that is where the reader looks for an unknown or wrong key.
      const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
      if (segment === path[path.length - 1] && keyRange) return keyRange[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return undefined;
    }
  }
  return (node as { range?: [number, number, number] } | null)?.range?.[0];
}

function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /([^.[\]"]+)|\[(\d+)\]|"((?:[^"\\]|\\.)*)"/g;
  for (const match of path.matchAll(pattern)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(`"${match[3]}"`) as string);
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  return segments;
}
