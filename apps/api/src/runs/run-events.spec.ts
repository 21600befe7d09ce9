import type { RunProgressEvent } from '@shakedown/core/jobs';

import { isBehind } from './run-events.service';

const event = (status: RunProgressEvent['status'], progressDone: number): RunProgressEvent => ({
  runId: 'run',
  status,
  progressDone,
  progressTotal: 10,
  currentProbe: null,
  at: '2026-12-02T00:00:00.000Z',
});

describe('isBehind', () => {
  it('drops a stored snapshot that lags an event already streamed', () => {
    expect(isBehind(event('running', 4), event('running', 5))).toBe(true);
    expect(isBehind(event('queued', 0), event('running', 1))).toBe(true);
  });

  it('keeps progress that moves forward or stays, and every end state', () => {
    expect(isBehind(event('running', 5), event('running', 5))).toBe(false);
    expect(isBehind(event('running', 6), event('running', 5))).toBe(false);
    expect(isBehind(event('cancelled', 2), event('running', 5))).toBe(false);
    expect(isBehind(event('running', 1), event('queued', 0))).toBe(false);
  });
});
