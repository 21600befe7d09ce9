import type { Config } from '../config/config.schema';

/** Evidence bodies are previews of at most this many bytes (docs/spec/config.md). */
export const PREVIEW_BYTES = 2048;

/** Header names whose values are credentials wherever they appear in a config. */
const SENSITIVE_NAME =
  /authorization|cookie|token|secret|passw|session|signature|credential|api[-_]?key|^x-(auth|key)$/i;
/** Tenant headers that only name the tenant (kept readable in evidence). */
const IDENTIFIER_NAME =
  /(^|-)(id|tenant|org|organisation|organization|account|user|workspace|team)$/i;

export function isSensitiveHeaderName(name: string): boolean {
  return name.toLowerCase() !== 'idempotency-key' && SENSITIVE_NAME.test(name);
}

const AUTH_SCHEME = /^(Bearer|Basic|Token|Bot|Digest|ApiKey|Key)\s+/i;

/** `Bearer token-a1b2` → `Bearer ****a1b2`; short secrets show nothing. */
export function maskSecret(value: string): string {
  const scheme = AUTH_SCHEME.exec(value)?.[0] ?? '';
  const token = value.slice(scheme.length);
  return `${scheme}${maskToken(token)}`;
}

function maskToken(token: string): string {
  return token.length >= 8 ? `****${token.slice(-4)}` : '****';
}

/**
 * Masks the secrets of a config's headers wherever they show up in evidence: in the headers
 * sent, in URLs, and in answers that echo them.
 */
export class SecretMasker {
  /** Tokens (without auth scheme), longest first, so one never masks part of another. */
  private readonly tokens: string[];

  constructor(secretValues: Iterable<string>) {
    const tokens = new Set<string>();
    for (const value of secretValues) {
      const token = value.slice(AUTH_SCHEME.exec(value)?.[0].length ?? 0).trim();
      if (token !== '') tokens.add(token);
    }
    this.tokens = [...tokens].sort((a, b) => b.length - a.length);
  }

  /** The secrets of `config`: every tenant header except plain identifiers, and credential-like route headers. */
  static forConfig(config: Config): SecretMasker {
    const values: string[] = [];
    for (const tenant of Object.values(config.target.tenants ?? {})) {
      for (const [name, value] of Object.entries(tenant.headers)) {
        if (isSensitiveHeaderName(name) || !IDENTIFIER_NAME.test(name)) values.push(value);
      }
      // `?api_key=`: a key in the query is a credential whatever its name.
      values.push(...Object.values(tenant.query ?? {}));
    }
    for (const route of config.routes) {
      for (const [name, value] of Object.entries(route.headers ?? {})) {
        if (isSensitiveHeaderName(name)) values.push(value);
      }
    }
    return new SecretMasker(values);
  }

  get isEmpty(): boolean {
    return this.tokens.length === 0;
  }

  /** Masks every secret in free text; secrets shorter than 6 characters are left (too likely to collide). */
  maskText(text: string): string {
    let masked = text;
    for (const token of this.tokens) {
      if (token.length < 6 || !masked.includes(token)) continue;
      masked = masked.split(token).join(maskToken(token));
    }
    return masked;
  }

  /** Masks a header value: a whole secret (or sensitive header) is masked as such, else free text. */
  maskHeader(name: string, value: string): string {
    const token = value.slice(AUTH_SCHEME.exec(value)?.[0].length ?? 0).trim();
    if (this.tokens.includes(token) || (isSensitiveHeaderName(name) && token !== '')) {
      return maskSecret(value);
    }
    return this.maskText(value);
  }

  maskHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
    const masked: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers))
      masked[name] = this.maskHeader(name, value);
    return masked;
  }
}

/** A UTF-8 preview of at most {@link PREVIEW_BYTES}; `bodyBytes` is set when it was cut. */
export function previewBody(
  body: Buffer | string | undefined,
  masker: SecretMasker,
  totalBytes?: number,
): { bodyPreview?: string; bodyBytes?: number } {
  if (body === undefined) return {};
  const buffer = typeof body === 'string' ? Buffer.from(body) : body;
  const size = totalBytes ?? buffer.length;
  if (size === 0) return {};
  const cut = buffer.length > PREVIEW_BYTES || size > buffer.length;
  // Mask a little more than the preview, then cut: a secret straddling the cut is masked too.
  const masked = masker.maskText(buffer.subarray(0, PREVIEW_BYTES + 1024).toString('utf8'));
  const preview = Buffer.from(masked)
    .subarray(0, PREVIEW_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return cut ? { bodyPreview: preview, bodyBytes: size } : { bodyPreview: preview };
}

/** undici's header record, flattened to one string per lower-case name. */
export function flattenHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
