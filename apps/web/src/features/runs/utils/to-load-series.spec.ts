import { toLoadTimeline, toPercentiles, toStatusBars } from './to-load-series';

describe('load chart series', () => {
  it('orders the timeline and rounds to one decimal', () => {
    expect(
      toLoadTimeline({
        series: [
          { t: 1, rps: 199.96, p95: 6.04, errors: 0 },
          { t: 0, rps: 200, p95: 5.55, errors: 2 },
        ],
      }),
    ).toEqual([
      { t: 0, rps: 200, p95: 5.6, errors: 2 },
      { t: 1, rps: 200, p95: 6, errors: 0 },
    ]);
  });

  it('ranks status codes and tells transport errors apart', () => {
    expect(
      toStatusBars({ statusCounts: { '200': 5900, '503': 80, ECONNRESET: 20, '429': 0 } }),
    ).toEqual([
      { status: '200', count: 5900, kind: '2xx' },
      { status: '503', count: 80, kind: '5xx' },
      { status: 'ECONNRESET', count: 20, kind: 'error' },
    ]);
  });

  it('lists the percentiles in order', () => {
    expect(
      toPercentiles({ latencyMs: { p50: 3.14, p90: 5, p95: 6.25, p99: 11.9, max: 40.22 } }).map(
        (bar) => bar.ms,
      ),
    ).toEqual([3.1, 5, 6.3, 11.9, 40.2]);
  });
});
