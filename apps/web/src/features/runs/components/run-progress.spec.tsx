import { render, screen } from '@testing-library/react';

import { RunProgress } from './run-progress';

describe('RunProgress', () => {
  it('shows the share of checks done and the probe at work', () => {
    render(
      <RunProgress
        live
        run={{
          status: 'running',
          progressDone: 6,
          progressTotal: 24,
          currentProbe: 'schema',
          failureReason: null,
        }}
      />,
    );
    expect(screen.getByRole('progressbar', { name: 'Checks done' })).toHaveAttribute(
      'aria-valuenow',
      '25',
    );
    expect(screen.getByTestId('run-progress-text')).toHaveTextContent(
      '25% · 6 of 24 checks · now: schema',
    );
  });

  it('is full when the run completed, and says why a run failed', () => {
    const { rerender } = render(
      <RunProgress
        run={{
          status: 'completed',
          progressDone: 24,
          progressTotal: 24,
          currentProbe: null,
          failureReason: null,
        }}
      />,
    );
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    rerender(
      <RunProgress
        run={{
          status: 'failed',
          progressDone: 3,
          progressTotal: 24,
          currentProbe: null,
          failureReason: 'the target stopped answering',
        }}
      />,
    );
    expect(screen.getByText('The run failed: the target stopped answering')).toBeVisible();
  });
});
