import type { ExchangeRequest } from '@shakedown/core/report';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { buildEvidence, buildExchange } from '../../../testing/factories';
import { EvidenceViewer } from './evidence-viewer';
import { RevealRequestContext, type RevealRequest } from './reveal-context';

const MASKED = buildExchange({
  request: {
    method: 'GET',
    url: 'http://127.0.0.1:4010/orders/o-1',
    headers: { authorization: 'Bearer ****0002', accept: 'application/json' },
  },
});
const PLAIN = buildExchange({
  request: { method: 'GET', url: 'http://127.0.0.1:4010/health', headers: {} },
});

/** The page's reveal, as an admin's: each request it was asked about, and bob's token back. */
function adminReveal(stillMasked: string[] = []) {
  const asked: ExchangeRequest[] = [];
  const reveal: RevealRequest = (request) => {
    asked.push(request);
    return Promise.resolve({
      request: {
        ...request,
        headers: { ...request.headers, authorization: 'Bearer bob-token-0002' },
      },
      stillMasked,
    });
  };
  return { asked, reveal };
}

function renderViewer(reveal?: RevealRequest) {
  render(
    <RevealRequestContext.Provider value={reveal}>
      <EvidenceViewer evidence={buildEvidence({ exchanges: [MASKED, PLAIN] })} />
    </RevealRequestContext.Provider>,
  );
}

describe('Copy with real credentials', () => {
  it('is not offered without the reveal (members and viewers): the masked copy stays', async () => {
    const user = userEvent.setup();
    renderViewer(undefined);
    expect(screen.queryByRole('button', { name: 'Copy with real credentials' })).toBeNull();
    const first = screen.getByRole('article', { name: 'Exchange 1 of 2' });
    await user.click(within(first).getByRole('button', { name: 'Copy as curl' }));
    expect(await navigator.clipboard.readText()).toContain("-H 'authorization: Bearer ****0002'");
  });

  it('copies a runnable curl for an admin, only where a credential was masked', async () => {
    const user = userEvent.setup();
    const { asked, reveal } = adminReveal();
    renderViewer(reveal);
    const first = screen.getByRole('article', { name: 'Exchange 1 of 2' });
    const second = screen.getByRole('article', { name: 'Exchange 2 of 2' });
    expect(within(second).queryByRole('button', { name: 'Copy with real credentials' })).toBeNull();

    // Masked stays the default: the plain copy reveals nothing.
    await user.click(within(first).getByRole('button', { name: 'Copy as curl' }));
    expect(asked).toHaveLength(0);
    expect(await navigator.clipboard.readText()).toContain('Bearer ****0002');

    await user.click(within(first).getByRole('button', { name: 'Copy with real credentials' }));
    expect(
      await within(first).findByText('Copied with real credentials (the reveal is audited)'),
    ).toBeVisible();
    expect(asked).toEqual([MASKED.request]);
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain("-H 'authorization: Bearer bob-token-0002'");
    expect(copied).not.toContain('****');
    // The revealed command is copied, never shown.
    expect(screen.queryByText(/bob-token-0002/)).toBeNull();
  });

  it('says what stayed masked', async () => {
    const user = userEvent.setup();
    const { reveal } = adminReveal(['cookie']);
    renderViewer(reveal);
    const first = screen.getByRole('article', { name: 'Exchange 1 of 2' });
    await user.click(within(first).getByRole('button', { name: 'Copy with real credentials' }));
    expect(
      await within(first).findByText('Copied; still masked (no stored credential matched): cookie'),
    ).toBeVisible();
  });

  it('says why a reveal failed and copies nothing', async () => {
    const user = userEvent.setup();
    renderViewer(() => Promise.reject(new Error('The secrets cannot be read.')));
    await navigator.clipboard.writeText('before');
    const first = screen.getByRole('article', { name: 'Exchange 1 of 2' });
    await user.click(within(first).getByRole('button', { name: 'Copy with real credentials' }));
    expect(
      await within(first).findByText(
        'Could not copy with real credentials: The secrets cannot be read.',
      ),
    ).toBeVisible();
    expect(await navigator.clipboard.readText()).toBe('before');
  });
});
