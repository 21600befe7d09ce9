import { fireEvent, screen, within } from '@testing-library/react';
import { parse } from 'yaml';

import { renderInOrg } from '../../testing/render-in-org';
import RegisterTargetPage from './register-target';

const YAML = `version: 1
target:
  name: shop-api
  baseUrl: https://shop.example.com
  budget: { maxRps: 20 }
  tenants:
    alice: { headers: { Authorization: "Bearer \${ALICE_TOKEN}" } }
routes:
  - id: create-cart
    method: POST
    path: /carts
    body: { sku: "a-1" }
    headers: { X-Trace: "on" }
    rateLimit: { expected: true, burst: 50 }
probes:
  include: [errors, payload]
`;

const editor = () => screen.getByLabelText('Target config (YAML)');
const yamlText = () => screen.getByLabelText<HTMLTextAreaElement>('Target config (YAML)').value;

/** The page, its YAML tab given `text`, then the Form tab chosen. */
function typeYamlThenOpenForm(text: string) {
  renderInOrg(<RegisterTargetPage />);
  fireEvent.click(screen.getByRole('tab', { name: 'YAML config' }));
  fireEvent.change(editor(), { target: { value: text } });
  fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
}

const formPanel = () => document.getElementById('panel-form')!;

describe('Register a target: YAML → Form', () => {
  it('shows the YAML in the form, says what it keeps, and gives the same document back', async () => {
    typeYamlThenOpenForm(YAML);

    await screen.findByDisplayValue('shop-api');
    expect(screen.getByRole('tab', { name: 'Form' })).toHaveAttribute('aria-selected', 'true');
    const form = within(formPanel());
    expect(form.getByLabelText('Base URL')).toHaveValue('https://shop.example.com');
    expect(form.getByLabelText('Route id')).toHaveValue('create-cart');
    expect(form.getByLabelText('Path')).toHaveValue('/carts');
    expect(
      JSON.parse(form.getByLabelText<HTMLTextAreaElement>('Sample body (JSON)').value),
    ).toEqual({ sku: 'a-1' });
    expect(form.getByLabelText('This route should be rate limited')).toBeChecked();
    const kept = form.getByRole('note', { name: 'Kept from the YAML' });
    for (const path of [
      'target.budget',
      'probes',
      'routes[0].headers',
      'routes[0].rateLimit.burst',
    ]) {
      expect(within(kept).getByText(path)).toBeVisible();
    }

    // Back to YAML without an edit: the same document.
    fireEvent.click(form.getByRole('button', { name: 'Edit the full config as YAML' }));
    expect(parse(yamlText())).toEqual(parse(YAML));
  });

  it('carries a form edit into the YAML and keeps what the form has no field for', async () => {
    typeYamlThenOpenForm(YAML);
    await screen.findByDisplayValue('create-cart');
    const path = within(formPanel()).getByLabelText('Path');
    fireEvent.change(path, { target: { value: '/v2/carts' } });
    fireEvent.click(screen.getByRole('button', { name: 'Edit the full config as YAML' }));

    const expected = parse(YAML) as { routes: { path: string }[] };
    expected.routes[0]!.path = '/v2/carts';
    expect(parse(yamlText())).toEqual(expected);
  });

  it('stays on YAML and points to the problem when the YAML is invalid', async () => {
    typeYamlThenOpenForm(YAML.replace('method: POST', 'method: SEND'));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /The form can show this config once it is valid\. Line 10: routes\[0\]\.method must be one of/,
    );
    expect(screen.getByRole('tab', { name: 'YAML config' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(formPanel()).not.toBeVisible();
    // The form still holds what it had: nothing of the invalid YAML.
    expect(within(formPanel()).getByLabelText('Target name')).toHaveValue('');
  });
});
