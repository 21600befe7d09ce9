import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { VerificationPanel } from './verification-panel';

const unverified = {
  status: 'unverified' as const,
  method: null,
  token: 'sv_123abc',
  httpUrl: 'https://api.example.com/.well-known/shakedown-verification.txt',
  dnsRecord: 'shakedown-verification=sv_123abc',
  verifiedAt: null,
  checkedAt: null,
  error: null,
};

describe('VerificationPanel', () => {
  it('explains both ways to prove ownership and checks on request', async () => {
    const onCheck = jest.fn();
    render(<VerificationPanel verification={unverified} onCheck={onCheck} />);
    expect(screen.getByText(unverified.httpUrl)).toBeVisible();
    expect(screen.getByLabelText('Verification token')).toHaveTextContent('sv_123abc');
    expect(screen.getByLabelText('DNS record')).toHaveTextContent(
      'shakedown-verification=sv_123abc',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Check now' }));
    expect(onCheck).toHaveBeenCalledTimes(1);
  });

  it('says why the last check failed', () => {
    render(
      <VerificationPanel
        verification={{
          ...unverified,
          status: 'failed',
          error: 'the token file answered 404',
          checkedAt: '2026-11-28T14:00:00.000Z',
        }}
        onCheck={jest.fn()}
      />,
    );
    expect(screen.getByText('Last check failed: the token file answered 404')).toBeVisible();
  });

  it('hides the instructions once verified', () => {
    render(
      <VerificationPanel
        verification={{
          ...unverified,
          status: 'verified',
          method: 'allowlist',
          verifiedAt: '2026-11-28T14:00:00.000Z',
        }}
        onCheck={jest.fn()}
      />,
    );
    expect(screen.getByText(/Verified by the deployment allowlist/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Check now' })).toBeNull();
  });
});
