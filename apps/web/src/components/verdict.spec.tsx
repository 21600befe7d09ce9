import { emptyBySeverity, summarise, type Summary } from '@shakedown/core/report';
import { render, screen } from '@testing-library/react';

import { VerdictBadge, VerdictReasons } from './verdict';

const skipped = (reason: string) => ({
  code: 'x.y',
  route: 'r',
  status: 'skipped' as const,
  reason,
});

/** The badge and its reasons, as the run page shows them together. */
const renderVerdict = (summary: Summary) =>
  render(
    <>
      <VerdictBadge summary={summary} />
      <VerdictReasons summary={summary} />
    </>,
  );

describe('VerdictBadge and VerdictReasons', () => {
  it('never shows a run that decided too little as clean, and says why', () => {
    const summary = summarise(
      [
        { code: 'a.b', route: 'r', status: 'passed' },
        skipped('the first request answered 401'),
        skipped('the list answered 401'),
      ],
      [],
    );
    const { container } = renderVerdict(summary);
    expect(container.querySelector('[data-outcome]')?.getAttribute('data-outcome')).toBe(
      'inconclusive',
    );
    expect(screen.getByText('33% decided (1/3)')).toBeVisible();
    expect(screen.getByRole('list', { name: 'Why the run is inconclusive' })).toHaveTextContent(
      '2 checks: the target answered 401 — check the credentials',
    );
  });

  it('rebuilds the verdict of a summary stored before verdicts, and lists no reasons when clean', () => {
    const summary: Summary = {
      checks: 10,
      passed: 9,
      failed: 0,
      skipped: 1,
      error: 0,
      bySeverity: emptyBySeverity(),
    };
    const { container } = renderVerdict(summary);
    expect(container.querySelector('[data-outcome="clean"]')).not.toBeNull();
    expect(screen.queryByRole('list')).toBeNull();
  });
});
