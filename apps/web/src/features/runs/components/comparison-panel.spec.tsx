import type { FindingBrief, RunComparison } from '@shakedown/core/contract';
import { render, screen, within } from '@testing-library/react';

import { ComparisonPanel } from './comparison-panel';

const brief = (code: string): FindingBrief => ({
  id: `0190a000-0000-7000-8000-${code.length.toString().padStart(12, '0')}`,
  code,
  route: 'create-note',
  severity: 'high',
  title: `${code} fired`,
});

const comparison = (overrides: Partial<RunComparison>): RunComparison => ({
  runId: '0190a000-0000-7000-8000-000000000001',
  previousRunId: '0190a000-0000-7000-8000-000000000002',
  new: [],
  resolved: [],
  persisting: [],
  firstSeen: [],
  notRetested: [],
  ...overrides,
});

describe('ComparisonPanel', () => {
  it('lists findings a partial run did not re-test apart from resolved ones', () => {
    render(
      <ComparisonPanel
        comparison={comparison({ notRetested: [brief('idempotency.duplicate_on_retry')] })}
      />,
    );
    expect(
      within(screen.getByRole('region', { name: 'Resolved findings' })).getByText(
        'Nothing was resolved.',
      ),
    ).toBeVisible();
    expect(
      within(screen.getByRole('region', { name: 'Not re-tested findings' })).getByText(
        'idempotency.duplicate_on_retry',
      ),
    ).toBeVisible();
  });

  it('calls a clean first run the baseline, not "every finding is new"', () => {
    render(<ComparisonPanel comparison={comparison({ previousRunId: null })} />);
    expect(screen.getByText(/first completed run, and it found nothing/)).toBeVisible();
    expect(screen.queryByText(/every finding is new/)).toBeNull();
  });
});
