import type { HttpResult } from '../http/http-types';

/** `2xx`, `4xx`…, for messages. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

export function isSuccess(result: HttpResult): boolean {
  const status = result.answer?.status;
  return status !== undefined && status >= 200 && status < 300;
}

/** `POST /notes`, for details. */
export function describeRequest(result: HttpResult): string {
  const url = new URL(result.request.url);
  return `${result.request.method} ${url.pathname}${url.search}`;
}

/** `answered 201`, or `got no answer (connection refused)`. */
export function describeOutcome(result: HttpResult): string {
  if (result.answer) return `answered ${result.answer.status}`;
  return `got no answer (${result.failure?.message ?? 'unknown failure'})`;
}

/** Counts of answers by status: `201 ×1, 409 ×7`. */
export function statusSummary(results: readonly HttpResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) {
    const key = result.answer ? String(result.answer.status) : 'no answer';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([key, count]) => `${key} ×${count}`).join(', ');
}
