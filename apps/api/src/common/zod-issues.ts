import type { Issue } from '@shakedown/core/contract';
import { formatConfigPath } from '@shakedown/core/config';
import type { z } from 'zod';

/** Zod issues as `{ path, message }`, unknown keys one by one, under `body`, `query`…. */
export function toIssues(error: z.ZodError, root: string): Issue[] {
  return error.issues.flatMap((issue): Issue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatConfigPath([root, ...issue.path, key]),
        message: 'unknown key',
      }));
    }
    return [{ path: formatConfigPath([root, ...issue.path]), message: describe(issue) }];
  });
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const input = (issue as { input?: unknown }).input;
    if (input === undefined) return 'is required';
    return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}, not ${kindOf(input)}`;
  }
  return issue.message;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
