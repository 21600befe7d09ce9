import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { ApiKeyForm } from './api-key-form';
import { SecretReveal } from './secret-reveal';

describe('ApiKeyForm', () => {
  it('creates a named key with a role', async () => {
    const onSubmit = jest.fn();
    render(<ApiKeyForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Key name'), 'GitHub Actions');
    await userEvent.selectOptions(screen.getByLabelText('Key role'), 'viewer');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(onSubmit).toHaveBeenCalledWith({ name: 'GitHub Actions', role: 'viewer' });
    expect(screen.getByLabelText('Key name')).toHaveValue('');
  });

  it('asks for a name', async () => {
    const onSubmit = jest.fn();
    render(<ApiKeyForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(screen.getByLabelText('Key name')).toHaveAccessibleDescription(/Name the key/);
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

describe('SecretReveal', () => {
  it('shows the key once with a copy button', async () => {
    const user = userEvent.setup();
    const onDismiss = jest.fn();
    render(<SecretReveal title="Your new API key" secret="sk_live_abc" onDismiss={onDismiss} />);
    expect(screen.getByRole('region', { name: 'Your new API key' })).toHaveTextContent(
      'shown only once',
    );
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    await expect(navigator.clipboard.readText()).resolves.toBe('sk_live_abc');
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(onDismiss).toHaveBeenCalled();
  });
});
