import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets the product must use later in plain text (webhook signing secrets, targets'
 * credentials, stored idempotent answers) are stored encrypted with AES-256-GCM under a key
 * derived from the deployment's `APP_SECRET`: `v2.<keyId>.<iv>.<tag>.<ciphertext>`, base64url
 * parts. `keyId` names the key that sealed the value without revealing it (the first 8 bytes of
 * a SHA-256 of the derived key) and is authenticated with it. Rows written before key ids,
 * `v1.<iv>.<tag>.<ciphertext>`, are still read.
 *
 * Keys rotate: `current` (APP_SECRET) seals, and `previous` (APP_SECRET_PREVIOUS) only open, so
 * the deployment reads what an older key sealed until the worker re-seals it.
 */
export interface SecretKeys {
  current: string;
  previous?: readonly string[];
}

/** A single string is a deployment with one key and no previous ones. */
export type SecretKeysInput = SecretKeys | string;

const LEGACY = 'v1';
const VERSION = 'v2';

interface DerivedKey {
  key: Buffer;
  id: string;
}

const derived = new Map<string, DerivedKey>();

function derive(appSecret: string): DerivedKey {
  let found = derived.get(appSecret);
  if (!found) {
    if (appSecret.length < 16) throw new Error('APP_SECRET is too short to derive a key from');
    const key = createHash('sha256').update(`shakedown:secrets:v1:${appSecret}`).digest();
    const id = createHash('sha256')
      .update('shakedown:secrets:key-id:')
      .update(key)
      .digest()
      .subarray(0, 8)
      .toString('base64url');
    found = { key, id };
    derived.set(appSecret, found);
  }
  return found;
}

function ring(keys: SecretKeysInput): DerivedKey[] {
  if (typeof keys === 'string') return [derive(keys)];
  return [keys.current, ...(keys.previous ?? [])].map(derive);
}

/** The id of the deployment's current key, as {@link encryptSecret} writes it. */
export function currentKeyId(keys: SecretKeysInput): string {
  return ring(keys)[0]!.id;
}

/** The prefix of every value sealed with the current key (to find the others in SQL). */
export function currentKeyPrefix(keys: SecretKeysInput): string {
  return `${VERSION}.${currentKeyId(keys)}.`;
}

/** Seals with the current key. */
export function encryptSecret(plaintext: string, keys: SecretKeysInput): string {
  const { key, id } = ring(keys)[0]!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(id));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, id, ...[iv, tag, ciphertext].map((part) => part.toString('base64url'))].join(
    '.',
  );
}

/**
 * Opens a value made by {@link encryptSecret} with the current key or a previous one: the key its
 * id names, or for a `v1` value each key in turn. Throws when no key of the deployment opens it.
 */
export function decryptSecret(stored: string, keys: SecretKeysInput): string {
  const parts = stored.split('.');
  const [version] = parts;
  if (version === VERSION && parts.length === 5) {
    const [, id, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = ring(keys).find((candidate) => candidate.id === id);
    if (!key) throw new Error('sealed with a key this deployment does not have');
    return open(key.key, Buffer.from(id), iv, tag, ciphertext);
  }
  if (version === LEGACY && parts.length === 4) {
    const [, iv, tag, ciphertext] = parts as [string, string, string, string];
    let failure: unknown;
    for (const { key } of ring(keys)) {
      try {
        return open(key, undefined, iv, tag, ciphertext);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }
  throw new Error('not an encrypted secret of this deployment');
}

/** Whether `stored` was sealed with the current key in the current format (nothing to re-seal). */
export function isSealedWithCurrentKey(stored: string, keys: SecretKeysInput): boolean {
  return stored.startsWith(currentKeyPrefix(keys));
}

function open(key: Buffer, aad: Buffer | undefined, iv: string, tag: string, ciphertext: string) {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
