import { fireEvent, screen, within } from '@testing-library/react';
import { parse } from 'yaml';

import { renderInOrg } from '../../testing/render-in-org';
import { EditConfig } from './edit-target';

/**
 * A stored config as the page shows it (block YAML, as `configToYaml` writes it): its key
 * masked, and settings the form has no field for.
 */
const STORED = `version: 1
target:
  name: ledger
  baseUrl: https://ledger.example.com
  tenants:
    acme:
      headers:
        X-Api-Key: "****a9f"
  healthcheck:
    path: /healthz
routes:
  - id: post-entry
    method: PUT
    path: /entries/{id}
    idempotency:
      header: Idempotency-Key
probes:
  cleanCoverage: 0.5
`;

const yamlText = () => screen.getByLabelText<HTMLTextAreaElement>('Target config (YAML)').value;

describe('Edit a target: the form reads the YAML and applies back to it', () => {
  it('shows the stored YAML in the form and applies an edit, keeping the rest', async () => {
    renderInOrg(<EditConfig targetId="t-1" original={STORED} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
    await screen.findByDisplayValue('ledger');
    const form = within(screen.getByRole('form', { name: 'Edit the target config in the form' }));
    expect(form.getByLabelText('How the API takes credentials')).toHaveValue('api-key');
    expect(form.getByLabelText('API key header')).toHaveValue('X-Api-Key');
    const kept = form.getByRole('note', { name: 'Kept from the YAML' });
    for (const path of ['target.healthcheck', 'probes', 'routes[0].idempotency']) {
      expect(within(kept).getByText(path)).toBeVisible();
    }

    fireEvent.change(form.getByLabelText('Base URL'), {
      target: { value: 'https://ledger-2.example.com' },
    });
    fireEvent.click(form.getByRole('button', { name: 'Apply to the YAML' }));

    expect(screen.getByRole('tab', { name: 'YAML config' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const expected = parse(STORED) as { target: { baseUrl: string } };
    expected.target.baseUrl = 'https://ledger-2.example.com';
    expect(parse(yamlText())).toEqual(expected);
    const diff = screen.getByLabelText('Config changes');
    expect(diff.querySelector('.config-diff__added')).toHaveTextContent(
      'baseUrl: https://ledger-2.example.com',
    );
    expect(diff.querySelectorAll('.config-diff__removed')).toHaveLength(1);
  });

  it('stays on the YAML at its first problem', async () => {
    renderInOrg(<EditConfig targetId="t-1" original={STORED.replace('0.5', '2')} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Line 18: probes.cleanCoverage must be between 0 and 1',
    );
    expect(screen.getByRole('tab', { name: 'YAML config' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});
