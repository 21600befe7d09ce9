import { configSecrets } from '@shakedown/core/config';
import type { ExchangeRequest } from '@shakedown/core/report';

const MASK = '****';

/** A masked value as its parts: `Bearer ****a1b2` → prefix `Bearer `, tail `a1b2`. */
function maskParts(masked: string): { prefix: string; tail: string } {
  const at = masked.indexOf(MASK);
  return { prefix: masked.slice(0, at), tail: masked.slice(at + MASK.length) };
}

/** Whether two masks (the evidence's, the config's: they keep different tails) may hide one value. */
function masksAgree(a: string, b: string): boolean {
  const x = maskParts(a);
  const y = maskParts(b);
  return (
    x.prefix.toLowerCase() === y.prefix.toLowerCase() &&
    (x.tail.endsWith(y.tail) || y.tail.endsWith(x.tail))
  );
}

/** Whether `value` is what `masked` hides. */
function hides(masked: string, value: string): boolean {
  const { prefix, tail } = maskParts(masked);
  return value.toLowerCase().startsWith(prefix.toLowerCase()) && value.endsWith(tail);
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Where a secret of the config goes in a request: a header's or a query parameter's name. */
function placeOf(pointer: string): { part: 'headers' | 'query'; name: string } | undefined {
  const tokens = pointer.split('/');
  const part = tokens[tokens.length - 2];
  if (part !== 'headers' && part !== 'query') return undefined;
  return { part, name: unescapeToken(tokens[tokens.length - 1]!) };
}

export interface RevealedRequest {
  request: ExchangeRequest;
  /** Headers or query parameters still masked: no stored secret of the config matched. */
  stillMasked: string[];
}

/**
 * The recorded request with each masked credential put back: the stored secrets of `config`
 * (masked, as the API reads it) that sit in the same header or query parameter and whose mask
 * agrees are revealed one at a time through `reveal` (each reveal is audited), until one is the
 * value the evidence masked.
 */
export async function revealRequestSecrets(
  request: ExchangeRequest,
  config: unknown,
  reveal: (pointer: string) => Promise<string>,
): Promise<RevealedRequest> {
  const secrets = configSecrets(config).flatMap(({ pointer, value }) => {
    const place = placeOf(pointer);
    return place && value.includes(MASK) ? [{ pointer, masked: value, ...place }] : [];
  });
  const revealed = new Map<string, Promise<string>>();
  const stillMasked: string[] = [];

  async function unmask(part: 'headers' | 'query', name: string, masked: string) {
    const candidates = secrets.filter(
      (secret) =>
        secret.part === part &&
        (part === 'query'
          ? secret.name === name
          : secret.name.toLowerCase() === name.toLowerCase()) &&
        masksAgree(secret.masked, masked),
    );
    // A short secret's mask keeps no tail: among several, which one it was cannot be told.
    const ambiguous = maskParts(masked).tail === '' && candidates.length > 1;
    for (const { pointer } of ambiguous ? [] : candidates) {
      if (!revealed.has(pointer)) revealed.set(pointer, reveal(pointer));
      const value = await revealed.get(pointer)!;
      if (hides(masked, value)) return value;
    }
    stillMasked.push(name);
    return masked;
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = value.includes(MASK) ? await unmask('headers', name, value) : value;
  }
  let url = request.url;
  try {
    const parsed = new URL(request.url);
    const masked = [...parsed.searchParams].filter(([, value]) => value.includes(MASK));
    for (const [name, value] of masked) {
      parsed.searchParams.set(name, await unmask('query', name, value));
    }
    if (masked.length > 0) url = parsed.toString();
  } catch {
    // Not a URL the browser can parse: left as recorded.
  }
  return { request: { ...request, url, headers }, stillMasked };
}
