import { ApiError } from '@shakedown/core/contract';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { WebhookForm } from './webhook-form';

describe('WebhookForm', () => {
  it('adds an endpoint for the chosen events', async () => {
    const onSubmit = jest.fn();
    render(<WebhookForm onSubmit={onSubmit} />);
    await userEvent.type(
      screen.getByLabelText('Endpoint URL'),
      'https://hooks.example.com/shakedown',
    );
    await userEvent.type(screen.getByLabelText('Description (optional)'), 'Slack relay');
    await userEvent.click(screen.getByRole('checkbox', { name: /run.completed/ }));
    await userEvent.click(screen.getByRole('checkbox', { name: /run.failed/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(onSubmit).toHaveBeenCalledWith({
      url: 'https://hooks.example.com/shakedown',
      description: 'Slack relay',
      events: ['run.completed', 'run.regressed'],
      enabled: true,
    });
  });

  it('refuses a bad URL and no events', async () => {
    const onSubmit = jest.fn();
    render(<WebhookForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Endpoint URL'), 'ftp://example.com');
    await userEvent.click(screen.getByRole('checkbox', { name: /run.regressed/ }));
    await userEvent.click(screen.getByRole('checkbox', { name: /run.failed/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(screen.getByLabelText('Endpoint URL')).toHaveAccessibleDescription(
      /must be an http:\/\/ or https:\/\/ URL/,
    );
    expect(screen.getByRole('group', { name: 'Events' })).toHaveAccessibleDescription(
      'Choose at least one event',
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('shows the API refusing a private address', () => {
    render(
      <WebhookForm
        onSubmit={jest.fn()}
        error={
          new ApiError(400, 'url_not_allowed', 'the URL resolves to a private address', 'req-11')
        }
      />,
    );
    // The code's meaning in words first, the API's own detail beside it.
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not add the endpoint: Shakedown cannot send to this address: use a public http(s) URL',
    );
    expect(alert).toHaveTextContent('the URL resolves to a private address');
  });
});
