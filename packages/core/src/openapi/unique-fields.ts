import {
  fillUniquePlaceholders,
  UNIQUE_PLACEHOLDER,
  UNIQUE_VALUE_EXAMPLE,
  UNIQUE_VALUE_LENGTH,
} from '../config/unique-placeholder';
import { isObject, toJsonPointer } from './json';
import type { SampleCheck } from './sample-validator';

/**
 * Names of fields that are unique in most APIs: a second create with the same value fails with
 * 409 (or, worse, updates the first object), so every create gets a fresh value.
 */
const UNIQUE_LOOKING = /(e-?mail|name|title|slug|login|handle|subdomain|label)$/i;

interface Candidate {
  pointer: string;
  parent: Record<string, unknown>;
  key: string;
  original: string;
}

/**
 * Puts `{{unique}}` into the sample's unique-looking string fields, keeping only the changes
 * the schema still accepts (checked with the placeholder filled as the engine will fill it).
 * Returns the JSON Pointers of the fields that carry it.
 */
export function addUniquePlaceholders(sample: unknown, check: SampleCheck): string[] {
  const candidates: Candidate[] = [];
  collect(sample, [], candidates);
  if (candidates.length === 0) return [];
  for (const shape of [withSuffix, alone]) {
    const open = candidates.filter(
      (candidate) => candidate.parent[candidate.key] === candidate.original,
    );
    if (open.length === 0) break;
    for (const candidate of open) candidate.parent[candidate.key] = shape(candidate.original);
    const rejected = failingFields(check(fillUniquePlaceholders(sample, UNIQUE_VALUE_EXAMPLE)));
    for (const candidate of open) {
      if (rejected.some((pointer) => pointer === candidate.pointer || pointer === '(body)')) {
        candidate.parent[candidate.key] = candidate.original;
      }
    }
  }
  return candidates
    .filter((candidate) => candidate.parent[candidate.key] !== candidate.original)
    .map((candidate) => candidate.pointer);
}

function collect(value: unknown, path: (string | number)[], into: Candidate[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, [...path, index], into));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (
        typeof item === 'string' &&
        UNIQUE_LOOKING.test(key) &&
        !item.includes(UNIQUE_PLACEHOLDER)
      ) {
        into.push({ pointer: toJsonPointer([...path, key]), parent: value, key, original: item });
      } else {
        collect(item, [...path, key], into);
      }
    }
  }
}

/** `Groceries` → `Groceries-{{unique}}`; `ann@example.com` → `ann-{{unique}}@example.com`. */
function withSuffix(original: string): string {
  const at = original.lastIndexOf('@');
  if (at > 0) return `${original.slice(0, at)}-${UNIQUE_PLACEHOLDER}${original.slice(at)}`;
  const room = Math.max(0, 40 - UNIQUE_VALUE_LENGTH - 1);
  return `${original.slice(0, room)}-${UNIQUE_PLACEHOLDER}`;
}

function alone(original: string): string {
  const at = original.lastIndexOf('@');
  return at > 0 ? `${UNIQUE_PLACEHOLDER}${original.slice(at)}` : UNIQUE_PLACEHOLDER;
}

/** The fields named by {@link describeAjvError} messages. */
function failingFields(problems: string[]): string[] {
  return problems.map((problem) => problem.slice(0, problem.indexOf(':')));
}
