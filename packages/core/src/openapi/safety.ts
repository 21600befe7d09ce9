import { endsInParameter, type Operation } from './operations';

/**
 * Operations no draft includes unless the user names them: each can break the run itself (a
 * sign-out, a rotated key) or reach objects the run did not create (a bulk write, the account).
 */
const RULES: { test: (operation: Operation, text: string) => boolean; reason: string }[] = [
  {
    test: (_, text) => /(sign|log)[-_ ]?out|logout/i.test(text),
    reason: 'signs the tenant out: the rest of the run would lose its session',
  },
  {
    test: (operation, text) =>
      (operation.method === 'DELETE' &&
        !endsInParameter(operation.normalizedPath) &&
        /\/(me|users?|accounts?|profiles?|self)$/i.test(operation.normalizedPath)) ||
      /(delete|remove|close|destroy)[-_ ]?(my[-_ ]?)?(account|user|profile)\b/i.test(text),
    reason: 'deletes the account itself',
  },
  {
    test: (operation, text) =>
      operation.method !== 'GET' &&
      /passw(or)?d|credential|\bmfa\b|2fa|two[-_]?factor|totp|recovery[-_]?codes?/i.test(text),
    reason: 'changes a password or a credential',
  },
  {
    test: (operation, text) =>
      operation.method !== 'GET' &&
      /rotat|regenerat|\broll[-_]?(key|secret|token)|reset[-_]?(key|secret|token)|revoke/i.test(
        text,
      ),
    reason: 'rotates or revokes a key, secret or token: whatever uses it stops working',
  },
];

/**
 * Why an operation is left out for safety, or undefined. `collections` holds the normalized
 * paths that are collections (created into, listed, or with item paths below them).
 */
export function unsafeReason(
  operation: Operation,
  collections: ReadonlySet<string>,
): string | undefined {
  const text = `${operation.path} ${operation.operationId ?? ''}`;
  if (
    operation.method !== 'GET' &&
    operation.method !== 'POST' &&
    !endsInParameter(operation.normalizedPath) &&
    collections.has(operation.normalizedPath)
  ) {
    return `bulk write: ${operation.method} on the collection ${operation.normalizedPath} reaches every object in it, not only the ones the run creates`;
  }
  return RULES.find((rule) => rule.test(operation, text))?.reason;
}

/** Paths that are collections: created into, listed, or with item paths below them. */
export function collectionPaths(operations: Operation[]): Set<string> {
  const collections = new Set<string>();
  for (const operation of operations) {
    if (endsInParameter(operation.normalizedPath)) {
      collections.add(operation.normalizedPath.replace(/\/\{[^}/]+\}$/, '') || '/');
    } else if (operation.method === 'POST') {
      collections.add(operation.normalizedPath);
    }
  }
  return collections;
}

/** Whether the user opted into the operation: by `METHOD /path` or by operationId. */
export function isOptedIn(operation: Operation, include: readonly string[]): boolean {
  return include.some(
    (entry) =>
      entry === operation.operationId ||
      entry.replace(/\s+/g, ' ').trim().toUpperCase() === operation.key.toUpperCase(),
  );
}
