import {
  configSecrets,
  maskConfigSecrets,
  putConfigSecrets,
  type ConfigSecret,
} from '@shakedown/core/config';

import { decryptSecret, encryptSecret, type SecretKeysInput } from './secrets';

/**
 * A target's config at rest (and each run's copy of it): `config` holds the document with every
 * secret (core's `configSecrets`) replaced by its mask, and `secretsCiphertext` the secrets
 * themselves, `[{ pointer, value }]` as JSON sealed with `APP_SECRET` (AES-256-GCM through
 * `encryptSecret`). `sealConfig` is the one place that seals, `openConfig` the one that opens.
 *
 * A row whose `secretsCiphertext` is null was written before secrets were sealed: its `config`
 * holds them in clear. It is read as it is, and sealed by the next update of the target.
 */
export interface StoredConfig {
  config: unknown;
  secretsCiphertext: string | null;
}

/** The config could not be opened: another `APP_SECRET`, or a damaged row. */
export class SealedConfigError extends Error {
  override readonly name = 'SealedConfigError';
}

/** What to store for a config document as sent (secrets in clear). */
export function sealConfig<Document>(
  document: Document,
  keys: SecretKeysInput,
): { config: Document; secretsCiphertext: string } {
  return {
    config: maskConfigSecrets(document),
    secretsCiphertext: encryptSecret(JSON.stringify(configSecrets(document)), keys),
  };
}

/**
 * The document with its secrets in clear: for the worker's requests and the audited reveal.
 * Opens with the current key or a previous one (`APP_SECRET_PREVIOUS`).
 */
export function openConfig(stored: StoredConfig, keys: SecretKeysInput): unknown {
  if (stored.secretsCiphertext === null) return stored.config;
  let secrets: ConfigSecret[];
  try {
    secrets = JSON.parse(decryptSecret(stored.secretsCiphertext, keys)) as ConfigSecret[];
  } catch {
    throw new SealedConfigError(
      "the config's secrets cannot be decrypted with this deployment's APP_SECRET " +
        '(was APP_SECRET changed since they were stored?)',
    );
  }
  try {
    return putConfigSecrets(stored.config, secrets);
  } catch (error) {
    throw new SealedConfigError(
      `the config's sealed secrets do not match it: ${(error as Error).message}`,
    );
  }
}

/** The config as every other read shows it: secrets masked, nothing decrypted. */
export function maskedConfig(stored: StoredConfig): unknown {
  return stored.secretsCiphertext === null ? maskConfigSecrets(stored.config) : stored.config;
}
