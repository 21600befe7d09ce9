import { SEVERITIES } from '@shakedown/core/findings';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { buildFinding, type TestFinding } from '../../../testing/factories';
import { FindingsList } from './findings-list';

const PROBES = ['idempotency', 'schema', 'payload', 'tenant'] as const;

function manyFindings(count: number): TestFinding[] {
  return Array.from({ length: count }, (_, index) =>
    buildFinding({
      probe: PROBES[index % PROBES.length],
      code: `${PROBES[index % PROBES.length]}.case_${index}`,
      severity: SEVERITIES[index % SEVERITIES.length],
      route: `route-${String(index).padStart(4, '0')}`,
      title: `Finding number ${index}`,
    }),
  );
}

describe('FindingsList', () => {
  it('renders a run with 1,000 findings one page at a time', async () => {
    render(<FindingsList findings={manyFindings(1000)} pageSize={25} />);
    expect(screen.getByText('1000 findings')).toBeVisible();
    expect(screen.getAllByRole('listitem')).toHaveLength(25);
    expect(screen.getByText('Page 1 of 40')).toBeVisible();
    // Worst first: the first page holds only critical findings.
    const badges = screen.getAllByRole('listitem').map((item) => within(item).getAllByText(/./)[0]);
    expect(new Set(badges.map((badge) => badge?.textContent))).toEqual(new Set(['critical']));
    // No evidence is rendered until a finding is opened.
    expect(screen.queryByRole('region', { name: 'Evidence' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Page 2 of 40')).toBeVisible();
    expect(screen.getAllByRole('listitem')).toHaveLength(25);
    for (let page = 2; page < 40; page += 1) {
      await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    }
    expect(screen.getByText('Page 40 of 40')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    const lastPage = screen.getAllByRole('listitem');
    expect(lastPage).toHaveLength(25);
    expect(lastPage.every((item) => within(item).getByText('info'))).toBe(true);
  });

  it('groups by probe under headings and orders each group by severity', () => {
    render(
      <FindingsList
        findings={[
          buildFinding({
            probe: 'payload',
            code: 'payload.oversize_5xx',
            severity: 'medium',
            title: 'B',
          }),
          buildFinding({
            probe: 'tenant',
            code: 'tenant.cross_read',
            severity: 'critical',
            title: 'A',
          }),
          buildFinding({
            probe: 'payload',
            code: 'payload.oversize_accepted',
            severity: 'high',
            title: 'C',
          }),
        ]}
      />,
    );
    const groups = screen.getAllByRole('region', { name: /findings$/ });
    expect(groups.map((group) => group.getAttribute('aria-label'))).toEqual([
      'tenant findings',
      'payload findings',
    ]);
    const payload = within(groups[1]!).getAllByRole('button');
    expect(payload.map((button) => button.textContent)).toEqual([
      expect.stringContaining('payload.oversize_accepted'),
      expect.stringContaining('payload.oversize_5xx'),
    ]);
  });

  it('opens a finding to show its fix and evidence, by keyboard', async () => {
    const user = userEvent.setup();
    render(
      <FindingsList
        findings={[buildFinding({ isNew: true })]}
        renderExtra={(finding) => <a href="/estimator">estimate {finding.route}</a>}
      />,
    );
    const toggle = screen.getByRole('button', { name: /Retries create duplicate orders/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(toggle).getByText('new')).toBeVisible();
    toggle.focus();
    await user.keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(
      screen.getByRole('region', { name: 'How to fix idempotency.duplicate_on_retry' }),
    ).toHaveTextContent('Store each Idempotency-Key');
    expect(screen.getByRole('region', { name: 'Evidence' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'estimate create-order' })).toBeVisible();
  });

  it('filters by severity and by text', async () => {
    render(<FindingsList findings={manyFindings(100)} />);
    await userEvent.selectOptions(screen.getByLabelText('Severity'), 'low');
    expect(screen.getByText('20 of 100 findings match')).toBeVisible();
    await userEvent.type(screen.getByLabelText('Search code, route or title'), 'route-0003');
    expect(screen.getByText('1 of 100 findings match')).toBeVisible();
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    await userEvent.type(screen.getByLabelText('Search code, route or title'), 'x');
    expect(screen.getByText('No finding matches the filter.')).toBeVisible();
  });

  it('says when a run has no findings', () => {
    render(<FindingsList findings={[]} />);
    expect(screen.getByText('No findings.')).toBeVisible();
  });
});
