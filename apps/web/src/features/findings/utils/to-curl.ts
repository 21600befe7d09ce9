import type { ExchangeRequest } from '@shakedown/core/report';

/** Headers curl works out for itself; replaying a recorded value would be wrong. */
const COMPUTED_HEADERS = new Set(['content-length', 'host', 'connection', 'transfer-encoding']);

/** Wraps text in single quotes for a POSIX shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** True when the evidence kept only the start of the body. */
export function isBodyTruncated(
  request: Pick<ExchangeRequest, 'bodyPreview' | 'bodyBytes'>,
): boolean {
  return (
    request.bodyBytes !== undefined && request.bodyBytes > byteLength(request.bodyPreview ?? '')
  );
}

/** Whether the evidence masked a credential of this request (its URL or a header). */
export function isMaskedRequest(request: Pick<ExchangeRequest, 'url' | 'headers'>): boolean {
  return [request.url, ...Object.values(request.headers)].some((value) => value.includes('****'));
}

/**
 * A curl command that replays the recorded request. Masked secrets stay masked, and a body the
 * evidence kept only the start of is replayed as that start, said in a comment above.
 */
export function toCurl(request: ExchangeRequest): string {
  const lines: string[] = [];
  if (isBodyTruncated(request)) {
    lines.push(
      `# The body was ${request.bodyBytes} bytes; the evidence keeps its first ` +
        `${byteLength(request.bodyPreview ?? '')}, so this sends only those.`,
    );
  }
  const parts = ['curl'];
  if (request.method !== 'GET' || request.bodyPreview !== undefined) {
    parts.push(`-X ${request.method}`);
  }
  parts.push(shellQuote(request.url));
  for (const [name, value] of Object.entries(request.headers)) {
    if (COMPUTED_HEADERS.has(name.toLowerCase())) continue;
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (request.bodyPreview !== undefined)
    parts.push(`--data-raw ${shellQuote(request.bodyPreview)}`);
  lines.push(parts.join(' \\\n  '));
  return lines.join('\n');
}

/**
 * A bash script that sends the recorded requests at the same time (`curl … &` each, then
 * `wait`), printing each answer's status: it reproduces a parallel-retry race, which a single
 * replayed request cannot show.
 */
export function toRaceScript(requests: readonly ExchangeRequest[]): string {
  const lines = [
    '#!/usr/bin/env bash',
    `# Sends the ${requests.length} requests of this finding in parallel, as the probe did.`,
    '# Masked secrets stay masked: put the real credentials in before running it.',
    'set -u',
  ];
  requests.forEach((request, index) => {
    const command = toCurl(request).replace(
      /^curl /m,
      `curl -s -o /dev/null -w 'request ${index + 1}: %{http_code}\\n' `,
    );
    lines.push(`${command} &`);
  });
  lines.push('wait');
  return `${lines.join('\n')}\n`;
}
