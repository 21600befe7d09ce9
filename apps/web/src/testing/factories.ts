import type { Severity } from '@shakedown/core/findings';
import type { Evidence, Exchange } from '@shakedown/core/report';

/** Valid test data with overrides, shaped as the API and the report send it. */
export function buildExchange(overrides: Partial<Exchange> = {}): Exchange {
  return {
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:4010/orders',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ****' },
      bodyPreview: '{"sku":"A-1","quantity":1}',
    },
    response: {
      status: 201,
      headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
      bodyPreview: '{"id":"o-1"}',
      ms: 12.4,
    },
    ...overrides,
  };
}

export function buildEvidence(overrides: Partial<Evidence> = {}): Evidence {
  return { exchanges: [buildExchange()], ...overrides };
}

let sequence = 0;

export interface TestFinding {
  id: string;
  runId: string;
  targetId: string;
  code: string;
  probe: 'idempotency' | 'schema' | 'tenant' | 'errors' | 'payload' | 'ratelimit' | 'load';
  route: string;
  severity: Severity;
  title: string;
  detail: string;
  evidence: Evidence;
  isNew: boolean;
  createdAt: string;
}

export function buildFinding(overrides: Partial<TestFinding> = {}): TestFinding {
  sequence += 1;
  const n = String(sequence).padStart(12, '0');
  return {
    id: `0190a000-0000-7000-8000-${n}`,
    runId: '0190a000-0000-7000-8000-aaaaaaaaaaaa',
    targetId: '0190a000-0000-7000-8000-bbbbbbbbbbbb',
    code: 'idempotency.duplicate_on_retry',
    probe: 'idempotency',
    route: 'create-order',
    severity: 'high',
    title: 'Retries create duplicate orders',
    detail: 'Three retries with one key created 3 orders.',
    evidence: buildEvidence(),
    isNew: false,
    createdAt: '2026-11-28T14:00:00.000Z',
    ...overrides,
  };
}
