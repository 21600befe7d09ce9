import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets the product must use later in plain text (webhook signing secrets) are stored
 * encrypted with AES-256-GCM under a key derived from the deployment's `APP_SECRET`:
 * `v1.<iv>.<tag>.<ciphertext>`, base64url parts. The API encrypts; the worker decrypts to sign.
 */
const VERSION = 'v1';

function keyOf(appSecret: string): Buffer {
  if (appSecret.length < 16) throw new Error('APP_SECRET is too short to derive a key from');
  return createHash('sha256').update(`shakedown:secrets:v1:${appSecret}`).digest();
}

export function encryptSecret(plaintext: string, appSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(appSecret), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Throws when the value was not made by {@link encryptSecret} with the same `APP_SECRET`. */
export function decryptSecret(stored: string, appSecret: string): string {
  const [version, iv, tag, ciphertext, ...rest] = stored.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new Error('not an encrypted secret of this deployment');
  }
  const decipher = createDecipheriv('aes-256-gcm', keyOf(appSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
