import { isRunActive, progressPercent } from './progress';

describe('progressPercent', () => {
  it.each([
    [{ status: 'queued', progressDone: 0, progressTotal: 0 }, 0],
    [{ status: 'running', progressDone: 1, progressTotal: 3 }, 33],
    [{ status: 'running', progressDone: 3, progressTotal: 3 }, 100],
    [{ status: 'running', progressDone: 5, progressTotal: 3 }, 100],
    [{ status: 'completed', progressDone: 2, progressTotal: 3 }, 100],
    [{ status: 'failed', progressDone: 2, progressTotal: 4 }, 50],
  ] as const)('%j → %d %', (run, percent) => {
    expect(progressPercent(run)).toBe(percent);
  });

  it('knows which runs are still going', () => {
    expect(isRunActive({ status: 'queued' })).toBe(true);
    expect(isRunActive({ status: 'running' })).toBe(true);
    expect(isRunActive({ status: 'cancelled' })).toBe(false);
  });
});
