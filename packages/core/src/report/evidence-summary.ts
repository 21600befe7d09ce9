import type { Evidence, Exchange } from './report.schema';

export interface EvidenceSummaryOptions {
  /** Exchanges listed before "… and N more"; default 5. */
  maxExchanges?: number;
}

/**
 * One line per exchange a finding cites, e.g.
 * `POST http://127.0.0.1:4010/orders → 201 (12.4 ms): retry 2 of 3`.
 * The writers put these lines where a CI reader sees them (JUnit failure text, SARIF properties).
 */
export function summariseEvidence(
  evidence: Evidence,
  options: EvidenceSummaryOptions = {},
): string[] {
  const max = options.maxExchanges ?? 5;
  const lines = evidence.exchanges.slice(0, max).map(summariseExchange);
  const rest = evidence.exchanges.length - max;
  if (rest > 0) lines.push(`… and ${rest} more exchange${rest === 1 ? '' : 's'}`);
  return lines;
}

function summariseExchange(exchange: Exchange): string {
  const request = `${exchange.request.method} ${exchange.request.url}`;
  let outcome: string;
  if (exchange.response) {
    outcome = `${exchange.response.status} (${formatMs(exchange.response.ms)})`;
  } else {
    outcome = exchange.error ?? 'no answer';
  }
  const note = exchange.note ? `: ${exchange.note}` : '';
  return `${request} → ${outcome}${note}`;
}

function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}
