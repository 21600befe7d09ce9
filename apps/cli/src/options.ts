import { InvalidArgumentError } from 'commander';

import { PROBE_NAMES, parseDuration, type ProbeName } from '@shakedown/core/config';

export const REPORT_FORMATS = ['text', 'json', 'junit', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `--probes idempotency,schema`: known probe names, each once. */
export function parseProbeList(value: string): ProbeName[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new InvalidArgumentError('lists no probe.');
  const probes: ProbeName[] = [];
  for (const name of names) {
    if (!(PROBE_NAMES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(
        `"${name}" is not a probe; choose from ${PROBE_NAMES.join(', ')}.`,
      );
    }
    if (probes.includes(name as ProbeName)) {
      throw new InvalidArgumentError(`lists "${name}" twice.`);
    }
    probes.push(name as ProbeName);
  }
  return probes;
}

/** `--timeout 10m`: a duration (ms, s, m, h), at least one second. */
export function parseTimeout(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || !Number.isFinite(ms) || ms < 1000) {
    throw new InvalidArgumentError('must be a duration of at least 1s, such as 90s, 10m or 1h.');
  }
  return ms;
}

/** `--api URL`: an http(s) URL without query or fragment. */
export function parseApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be a URL such as https://shakedown.example.com/api.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('must be an http:// or https:// URL.');
  }
  if (url.search || url.hash) throw new InvalidArgumentError('must not carry a query or fragment.');
  return url.toString();
}

/** `--include "DELETE /things,signOut"`: what `init` drafts although it leaves it out by default. */
export function parseIncludeList(value: string): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new InvalidArgumentError('lists no operation.');
  return entries;
}
