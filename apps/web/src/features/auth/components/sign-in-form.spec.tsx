import { ApiError } from '@shakedown/core/contract';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { SignInForm } from './sign-in-form';

describe('SignInForm', () => {
  it('sends the email (lower-cased) and password', async () => {
    const onSubmit = jest.fn();
    render(<SignInForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Email'), 'Ada@Example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'a long passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSubmit).toHaveBeenCalledWith({
      email: 'ada@example.com',
      password: 'a long passphrase',
    });
  });

  it('names the empty and malformed fields and sends nothing', async () => {
    const onSubmit = jest.fn();
    render(<SignInForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email address');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password');
    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('must be an email address');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows the API's message and request id", () => {
    render(
      <SignInForm
        onSubmit={jest.fn()}
        error={new ApiError(401, 'invalid_credentials', 'wrong email or password', 'req-123')}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not sign in: That email and password do not match an account.',
    );
    expect(alert).toHaveTextContent('wrong email or password');
    expect(alert).toHaveTextContent('Request id req-123');
  });

  it('can be filled and sent with the keyboard', async () => {
    const onSubmit = jest.fn();
    render(<SignInForm onSubmit={onSubmit} />);
    await userEvent.tab();
    await userEvent.keyboard('ada@example.com');
    await userEvent.tab();
    await userEvent.keyboard('secret passphrase{Enter}');
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('disables the button while signing in', () => {
    render(<SignInForm onSubmit={jest.fn()} pending />);
    expect(screen.getByRole('button', { name: 'Signing in…' })).toBeDisabled();
  });
});
