import { createHash, randomBytes } from 'node:crypto';

import {
  UNIQUE_PLACEHOLDER,
  UNIQUE_VALUE_LENGTH,
  fillUniquePlaceholders,
} from '../config/unique-placeholder';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function toValue(bytes: Buffer): string {
  let value = '';
  for (let index = 0; index < UNIQUE_VALUE_LENGTH; index += 1) {
    value += ALPHABET[bytes[index]! % ALPHABET.length];
  }
  return value;
}

/**
 * The value of `{{unique}}` for one logical request (docs/spec/config.md): fresh for each
 * request, but the same for every retry of one Idempotency-Key, so a retry is the same request.
 */
export function uniqueValueFor(idempotencyKey: string | undefined): string {
  return toValue(
    idempotencyKey === undefined
      ? randomBytes(UNIQUE_VALUE_LENGTH)
      : createHash('sha256').update(idempotencyKey).digest(),
  );
}

/** `body` with every `{{unique}}` filled: JSON values field by field, raw text as text. */
export function withUniqueValues<T>(body: T, idempotencyKey: string | undefined): T {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string' && !body.includes(UNIQUE_PLACEHOLDER)) return body;
  return fillUniquePlaceholders(body, uniqueValueFor(idempotencyKey));
}
