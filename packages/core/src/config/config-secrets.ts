/**
 * Credentials inside a target's config are write-only (issue 12): the API returns them masked
 * to every role (`Bearer ****bob`), an update that sends a masked value back keeps the stored
 * one, and only an explicit, audited reveal shows one. Isomorphic: the dashboard shows the
 * masked values as they come.
 *
 * The secrets of a config are every tenant header and query value
 * (`/target/tenants/<name>/headers/<header>`, `/target/tenants/<name>/query/<param>`) and the
 * credential headers of a route (`/routes/<i>/headers/<header>`: Authorization, Cookie, and names
 * with `token`, `secret`, `key`, `auth`, `session` or `password`). A value that is only a
 * `${NAME}` placeholder is no secret (the value is not stored) and stays as written.
 */

const MASK = '****';
const PLACEHOLDER_ONLY = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const CREDENTIAL_HEADER = /authorization|cookie|token|secret|key|auth|session|password/i;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** One secret of a config: its JSON Pointer and its value. */
export interface ConfigSecret {
  pointer: string;
  value: string;
}

/** Every secret of a config document (as stored or as sent), in document order. */
export function configSecrets(document: unknown): ConfigSecret[] {
  const found: ConfigSecret[] = [];
  const add = (pointer: string, value: unknown) => {
    if (typeof value === 'string' && !PLACEHOLDER_ONLY.test(value)) found.push({ pointer, value });
  };
  if (!isObject(document)) return found;
  const tenants = isObject(document.target) ? document.target.tenants : undefined;
  if (isObject(tenants)) {
    for (const [tenant, settings] of Object.entries(tenants)) {
      if (!isObject(settings)) continue;
      for (const part of ['headers', 'query'] as const) {
        const values = settings[part];
        if (!isObject(values)) continue;
        for (const [name, value] of Object.entries(values)) {
          add(`/target/tenants/${escapeToken(tenant)}/${part}/${escapeToken(name)}`, value);
        }
      }
    }
  }
  if (Array.isArray(document.routes)) {
    document.routes.forEach((route, index) => {
      if (!isObject(route) || !isObject(route.headers)) return;
      for (const [name, value] of Object.entries(route.headers)) {
        if (CREDENTIAL_HEADER.test(name))
          add(`/routes/${index}/headers/${escapeToken(name)}`, value);
      }
    });
  }
  return found;
}

/**
 * A secret as it may be shown: its scheme word kept (`Bearer`, `Basic`), the rest replaced by
 * `****` and, for values long enough that it gives nothing away, the last 3 characters
 * (4 from 24 characters on): `Bearer ****bob`.
 */
export function maskSecret(value: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9._~+-]*) (.+)$/.exec(value);
  const prefix = scheme ? `${scheme[1]} ` : '';
  const secret = scheme ? scheme[2]! : value;
  const shown = secret.length >= 24 ? 4 : secret.length >= 8 ? 3 : 0;
  return `${prefix}${MASK}${shown > 0 ? secret.slice(-shown) : ''}`;
}

/** Whether a value is a mask (what a client sends back when it did not change the secret). */
export function isMaskedSecret(value: string): boolean {
  return value.includes(MASK);
}

function setAt(document: Json, pointer: string, value: string): void {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = document;
  for (const token of tokens.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(token)] : (node as Json)[token];
  }
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(node)) node[Number(last)] = value;
  else (node as Json)[last] = value;
}

/** A copy of the config with every secret masked: what every read of a target returns. */
export function maskConfigSecrets<Document>(document: Document): Document {
  const copy = structuredClone(document);
  for (const { pointer, value } of configSecrets(copy)) {
    setAt(copy as Json, pointer, maskSecret(value));
  }
  return copy;
}

/**
 * The config of an update, with each secret that was sent back as the mask of the stored value
 * at the same pointer replaced by the stored value: a client that edits a target without
 * revealing its secrets keeps them. A changed value, or a mask of another value, is kept as sent.
 */
export function keepMaskedSecrets<Document>(incoming: Document, stored: unknown): Document {
  const previous = new Map(configSecrets(stored).map(({ pointer, value }) => [pointer, value]));
  const copy = structuredClone(incoming);
  for (const { pointer, value } of configSecrets(copy)) {
    const old = previous.get(pointer);
    if (old !== undefined && value === maskSecret(old)) setAt(copy as Json, pointer, old);
  }
  return copy;
}

/**
 * A copy of the config with each given secret put back at its pointer: the inverse of masking,
 * for a config stored with its secrets taken out. Throws when a pointer names no secret of the
 * document (the secrets were taken from another config).
 */
export function putConfigSecrets<Document>(
  document: Document,
  secrets: readonly ConfigSecret[],
): Document {
  const copy = structuredClone(document);
  const pointers = new Set(configSecrets(copy).map(({ pointer }) => pointer));
  for (const { pointer, value } of secrets) {
    if (!pointers.has(pointer)) throw new Error(`${pointer} names no secret of this config`);
    setAt(copy as Json, pointer, value);
  }
  return copy;
}

/** The stored value of the secret at `pointer`, or undefined when there is no secret there. */
export function secretAt(document: unknown, pointer: string): string | undefined {
  return configSecrets(document).find((secret) => secret.pointer === pointer)?.value;
}
