import type { TargetHistoryPoint } from '@shakedown/core/contract';

import { hasLatency, toHistorySeries } from './to-history-series';

const point = (
  createdAt: string,
  overrides: Partial<TargetHistoryPoint> = {},
): TargetHistoryPoint => ({
  runId: `0190a000-0000-7000-8000-${createdAt.slice(11, 13)}0000000000`,
  createdAt,
  finishedAt: createdAt,
  bySeverity: { critical: 0, high: 1, medium: 2, low: 0, info: 0 },
  findings: 3,
  regressionCount: 0,
  loadP95Ms: null,
  outcome: 'findings',
  coverage: 0.9,
  ...overrides,
});

describe('toHistorySeries', () => {
  it('orders runs oldest first and numbers them', () => {
    const points = toHistorySeries([
      point('2026-11-28T15:00:00.000Z', {
        loadP95Ms: 12.345,
        outcome: 'inconclusive',
        coverage: 0.143,
      }),
      point('2026-11-28T13:00:00.000Z', {
        bySeverity: { critical: 2, high: 0, medium: 0, low: 0, info: 1 },
      }),
    ]);
    expect(points).toMatchObject([
      {
        label: '#1',
        date: '2026-11-28 13:00',
        critical: 2,
        high: 0,
        medium: 0,
        low: 0,
        info: 1,
        p95: null,
      },
      expect.objectContaining({
        label: '#2',
        high: 1,
        medium: 2,
        p95: 12.3,
        outcome: 'inconclusive',
        coverage: 14,
      }),
    ]);
    expect(hasLatency(points)).toBe(true);
  });

  it('says when no run had a load stage', () => {
    expect(hasLatency(toHistorySeries([point('2026-11-28T13:00:00.000Z')]))).toBe(false);
    expect(toHistorySeries([])).toEqual([]);
  });
});
