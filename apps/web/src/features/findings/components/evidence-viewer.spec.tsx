import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { buildEvidence, buildExchange } from '../../../testing/factories';
import { EvidenceViewer } from './evidence-viewer';

describe('EvidenceViewer', () => {
  it('shows each request and response with headers and pretty-printed bodies', async () => {
    render(
      <EvidenceViewer
        evidence={buildEvidence({
          exchanges: [
            buildExchange({ note: 'first try' }),
            buildExchange({
              note: 'retry 2 of 3',
              response: { status: 201, headers: {}, bodyPreview: '{"id":"o-2"}', ms: 8 },
            }),
          ],
        })}
      />,
    );
    const first = screen.getByRole('article', { name: 'Exchange 1 of 2: first try' });
    expect(within(first).getByText('POST http://127.0.0.1:4010/orders')).toBeVisible();
    expect(within(first).getByLabelText('Request body')).toHaveTextContent(
      /"sku": "A-1",\s*"quantity": 1/,
    );
    expect(within(first).getByText('201')).toBeVisible();
    expect(within(first).getByText('in 12 ms')).toBeVisible();

    await userEvent.click(within(first).getByText('Request headers (2)'));
    expect(within(first).getByText('authorization')).toBeVisible();
    expect(within(first).getByText('Bearer ****')).toBeVisible();

    const second = screen.getByRole('article', { name: 'Exchange 2 of 2: retry 2 of 3' });
    expect(within(second).getByLabelText('Response body')).toHaveTextContent('"id": "o-2"');
    expect(within(second).getByText('Response headers: none')).toBeInTheDocument();
  });

  it('copies the request as a curl command', async () => {
    const user = userEvent.setup();
    render(<EvidenceViewer evidence={buildEvidence()} />);
    await user.click(screen.getByRole('button', { name: 'Copy as curl' }));
    expect(await screen.findByText('Copied')).toBeVisible();
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain("-X POST \\\n  'http://127.0.0.1:4010/orders'");
    expect(copied).toContain(`--data-raw '{"sku":"A-1","quantity":1}'`);
    expect(screen.getByLabelText('curl command')).toHaveTextContent('curl');
  });

  it('offers a bash script that replays parallel requests at once, and none otherwise', async () => {
    const user = userEvent.setup();
    const parallel = (index: number) =>
      buildExchange({
        note: `parallel request ${index} of 3 with Idempotency-Key: k, all released at once`,
      });
    const { unmount } = render(
      <EvidenceViewer evidence={buildEvidence({ exchanges: [1, 2, 3].map(parallel) })} />,
    );
    await user.click(screen.getByRole('button', { name: 'Copy the parallel replay (bash)' }));
    const copied = await navigator.clipboard.readText();
    expect(copied.match(/ &$/gm)).toHaveLength(3);
    expect(copied.trimEnd().endsWith('wait')).toBe(true);
    unmount();
    render(<EvidenceViewer evidence={buildEvidence()} />);
    expect(screen.queryByRole('region', { name: 'Parallel replay' })).toBeNull();
  });

  it('says how much of a large body the evidence kept', () => {
    render(
      <EvidenceViewer
        evidence={buildEvidence({
          exchanges: [
            buildExchange({
              request: {
                method: 'POST',
                url: 'http://127.0.0.1:4010/notes',
                headers: {},
                bodyPreview: `{"text":"${'x'.repeat(2037)}`,
                bodyBytes: 10 * 1024 ** 2,
              },
            }),
          ],
          largestAcceptedBytes: 10 * 1024 ** 2,
        })}
      />,
    );
    expect(screen.getByText('Request body (first 2.00 KB of 10.00 MB)')).toBeVisible();
    expect(screen.getByLabelText('curl command')).toHaveTextContent(
      '# The body was 10485760 bytes; the evidence keeps its first 2046',
    );
    const details = screen.getByRole('definition');
    expect(details).toHaveTextContent('10485760');
    expect(screen.getByText('largestAcceptedBytes')).toBeInTheDocument();
  });

  it('shows a transport failure when no answer came', () => {
    render(
      <EvidenceViewer
        evidence={buildEvidence({
          exchanges: [
            buildExchange({ response: undefined, error: 'connection reset before any answer' }),
          ],
        })}
      />,
    );
    expect(screen.getByText('connection reset before any answer')).toBeVisible();
  });

  it('says so when nothing was recorded', () => {
    render(<EvidenceViewer evidence={{ exchanges: [] }} />);
    expect(screen.getByText('No requests were recorded for this finding.')).toBeVisible();
  });
});
