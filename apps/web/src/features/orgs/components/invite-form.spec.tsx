import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { InviteForm } from './invite-form';

describe('InviteForm', () => {
  it('invites by email with a role, explaining the role', async () => {
    const onSubmit = jest.fn();
    render(<InviteForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Email to invite'), 'Grace@Example.com');
    await userEvent.selectOptions(screen.getByLabelText('Role'), 'viewer');
    expect(screen.getByLabelText('Role')).toHaveAccessibleDescription(
      'A viewer can read targets, runs and findings.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(onSubmit).toHaveBeenCalledWith({ email: 'grace@example.com', role: 'viewer' });
  });

  it('offers the owner role to owners only', () => {
    const { rerender } = render(<InviteForm onSubmit={jest.fn()} />);
    expect(screen.queryByRole('option', { name: 'owner' })).toBeNull();
    rerender(<InviteForm onSubmit={jest.fn()} canInviteOwners />);
    expect(screen.getByRole('option', { name: 'owner' })).toBeInTheDocument();
  });

  it('refuses a missing or malformed email', async () => {
    const onSubmit = jest.fn();
    render(<InviteForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(screen.getByLabelText('Email to invite')).toHaveAccessibleDescription(
      'Enter the email address to invite',
    );
    await userEvent.type(screen.getByLabelText('Email to invite'), 'grace');
    await userEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(screen.getByLabelText('Email to invite')).toHaveAccessibleDescription(
      'must be an email address',
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
