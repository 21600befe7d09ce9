import { ApiError } from '@shakedown/core/contract';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { TargetForm } from './target-form';

async function fillCommonCase() {
  await userEvent.type(screen.getByLabelText('Target name'), 'orders-api');
  await userEvent.type(screen.getByLabelText('Base URL'), 'http://127.0.0.1:4010');
  const route = screen.getByRole('group', { name: 'Route 1' });
  await userEvent.clear(within(route).getByLabelText('Route id'));
  await userEvent.type(within(route).getByLabelText('Route id'), 'create-order');
  await userEvent.type(within(route).getByLabelText('Path'), '/orders');
  await userEvent.type(within(route).getByLabelText('Sample body (JSON)'), '{{"item":"book"}');
  await userEvent.type(within(route).getByLabelText('Created id (JSON Pointer)'), '/id');
}

describe('TargetForm', () => {
  it('sends the config document for the common case', async () => {
    const onSubmit = jest.fn();
    render(<TargetForm onSubmit={onSubmit} />);
    await fillCommonCase();
    await userEvent.click(screen.getByRole('button', { name: 'Register target' }));
    expect(onSubmit).toHaveBeenCalledWith({
      version: 1,
      target: { name: 'orders-api', baseUrl: 'http://127.0.0.1:4010' },
      routes: [
        {
          id: 'create-order',
          method: 'POST',
          path: '/orders',
          body: { item: 'book' },
          resource: { idPath: '/id' },
        },
      ],
    });
  });

  it('checks with core’s schema and shows each problem at its field', async () => {
    const onSubmit = jest.fn();
    render(<TargetForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Base URL'), 'ftp://example.com');
    await userEvent.type(screen.getByLabelText('Path'), 'orders');
    await userEvent.click(screen.getByRole('button', { name: 'Register target' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Base URL')).toHaveAccessibleDescription(
      /must be an http:\/\/ or https:\/\/ URL/,
    );
    expect(screen.getByLabelText('Path')).toHaveAccessibleDescription(/must start with \//);
    expect(screen.getByLabelText('Target name')).toHaveAttribute('aria-invalid', 'true');
  });

  it('names a sample body that is not JSON', async () => {
    render(<TargetForm onSubmit={jest.fn()} />);
    await userEvent.type(screen.getByLabelText('Sample body (JSON)'), 'item=book');
    await userEvent.click(screen.getByRole('button', { name: 'Register target' }));
    expect(screen.getByLabelText('Sample body (JSON)')).toHaveAccessibleDescription(
      /must be valid JSON/,
    );
  });

  it('adds and removes routes, and two identities for tenant isolation', async () => {
    const onSubmit = jest.fn<void, [Record<string, unknown>]>();
    render(<TargetForm onSubmit={onSubmit} />);
    await fillCommonCase();
    await userEvent.click(screen.getByRole('button', { name: 'Add a route' }));
    const second = screen.getByRole('group', { name: 'Route 2' });
    await userEvent.selectOptions(within(second).getByLabelText('Method'), 'GET');
    await userEvent.type(within(second).getByLabelText('Path'), '/orders');
    await userEvent.click(within(second).getByLabelText('This route should be rate limited'));
    await userEvent.selectOptions(screen.getByLabelText('How the API takes credentials'), 'bearer');
    await userEvent.type(screen.getByLabelText('Identity 1 token'), 'a');
    await userEvent.click(screen.getByLabelText(/Test isolation between two customers/));
    await userEvent.type(screen.getByLabelText('Identity 2 token'), 'b');
    await userEvent.click(screen.getByRole('button', { name: 'Register target' }));
    const document = onSubmit.mock.calls[0]?.[0] as {
      routes: unknown[];
      target: { tenants: unknown };
    };
    expect(document.routes[1]).toEqual({
      id: 'route-2',
      method: 'GET',
      path: '/orders',
      rateLimit: { expected: true },
    });
    expect(document.target.tenants).toEqual({
      alice: { headers: { Authorization: 'Bearer a' } },
      bob: { headers: { Authorization: 'Bearer b' } },
    });

    await userEvent.click(screen.getByRole('button', { name: 'Remove route 2' }));
    expect(screen.queryByRole('group', { name: 'Route 2' })).toBeNull();
  });

  it('shows the API’s invalid_config issues at their fields', () => {
    render(
      <TargetForm
        onSubmit={jest.fn()}
        error={
          new ApiError(
            409,
            'target_name_taken',
            'the organisation already has a target named orders-api',
            'req-9',
            {
              issues: [{ path: 'target.name', message: 'is taken' }],
            },
          )
        }
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('already has a target named orders-api');
    expect(screen.getByRole('alert')).toHaveTextContent('req-9');
    expect(screen.getByLabelText('Target name')).toHaveAccessibleDescription(/is taken/);
  });

  it('hands the document to the YAML editor', async () => {
    const onEditAsYaml = jest.fn();
    render(<TargetForm onSubmit={jest.fn()} onEditAsYaml={onEditAsYaml} />);
    await fillCommonCase();
    await userEvent.click(screen.getByRole('button', { name: 'Edit the full config as YAML' }));
    expect(onEditAsYaml).toHaveBeenCalledWith(
      expect.objectContaining({
        version: 1,
        target: { name: 'orders-api', baseUrl: 'http://127.0.0.1:4010' },
      }),
    );
  });
});
