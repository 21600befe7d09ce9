import { ApiError } from '@shakedown/core/contract';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { SignUpForm } from './sign-up-form';

describe('SignUpForm', () => {
  it('sends name, email and password', async () => {
    const onSubmit = jest.fn();
    render(<SignUpForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Name'), 'Ada Lovelace');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'analytical engine 1843');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      password: 'analytical engine 1843',
    });
  });

  it('explains the password rules and shows the one the API refused', () => {
    render(
      <SignUpForm
        onSubmit={jest.fn()}
        error={
          new ApiError(400, 'weak_password', 'password must be at least 12 characters', 'req-5')
        }
      />,
    );
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      /At least 12 characters.*password must be at least 12 characters/,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Request id req-5');
  });

  it('shows a field issue the API named', () => {
    render(
      <SignUpForm
        onSubmit={jest.fn()}
        error={
          new ApiError(409, 'validation_failed', 'the body is not valid', 'req-6', {
            issues: [{ path: 'body.email', message: 'is already taken' }],
          })
        }
      />,
    );
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('is already taken');
  });

  it('refuses empty fields before sending', async () => {
    const onSubmit = jest.fn();
    render(<SignUpForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Enter your name');
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email address');
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
