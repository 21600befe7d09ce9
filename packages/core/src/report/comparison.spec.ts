import { compareWithHistory, type EarlierDecision } from './comparison';

const finding = (route: string, code: string) => ({ route, code, id: `${route}/${code}` });
const decision = (
  route: string,
  code: string,
  status: 'passed' | 'failed',
): EarlierDecision<string> => ({
  route,
  code,
  status,
  finding: status === 'failed' ? `old ${route}/${code}` : null,
});

describe('compareWithHistory', () => {
  const history = [
    decision('orders', 'errors.stack_trace', 'failed'),
    decision('orders', 'idempotency.duplicate_on_retry', 'failed'),
    decision('orders', 'schema.unknown_fields', 'passed'),
  ];

  it('resolves nothing a partial run did not execute: those are not re-tested', () => {
    const partial = compareWithHistory(
      {
        checks: [{ route: 'orders', code: 'errors.stack_trace', status: 'passed' }],
        findings: [],
      },
      history,
    );
    expect(partial.resolved).toEqual(['old orders/errors.stack_trace']);
    expect(partial.notRetested).toEqual(['old orders/idempotency.duplicate_on_retry']);
    expect(partial.new).toEqual([]);
  });

  it('calls a finding new only when its check passed at its latest earlier decision', () => {
    const full = compareWithHistory(
      {
        checks: [
          { route: 'orders', code: 'idempotency.duplicate_on_retry', status: 'failed' },
          { route: 'orders', code: 'schema.unknown_fields', status: 'failed' },
          { route: 'orders', code: 'tenant.cross_read', status: 'failed' },
          { route: 'orders', code: 'errors.stack_trace', status: 'skipped' },
        ],
        findings: [
          finding('orders', 'idempotency.duplicate_on_retry'),
          finding('orders', 'schema.unknown_fields'),
          finding('orders', 'tenant.cross_read'),
        ],
      },
      history,
    );
    expect(full.new.map((f) => f.code)).toEqual(['schema.unknown_fields']);
    expect(full.persisting.map((f) => f.code)).toEqual(['idempotency.duplicate_on_retry']);
    expect(full.firstSeen.map((f) => f.code)).toEqual(['tenant.cross_read']);
    expect(full.resolved).toEqual([]);
    expect(full.notRetested).toEqual(['old orders/errors.stack_trace']);
  });

  it('finds nothing new on a first run', () => {
    const first = compareWithHistory(
      { checks: [{ route: 'a', code: 'b', status: 'failed' }], findings: [finding('a', 'b')] },
      [],
    );
    expect(first).toMatchObject({ new: [], firstSeen: [{ code: 'b' }] });
  });
});
