import { SignInRequestSchema, type SignInRequest } from '@shakedown/core/contract';
import { useState, type FormEvent } from 'react';

import { ErrorMessage, fieldError } from '../../../components/states';
import { TextField } from '../../../components/text-field';
import { fieldErrorsOf } from '../../../lib/form-errors';

interface SignInFormProps {
  onSubmit: (values: SignInRequest) => void;
  pending?: boolean;
  error?: unknown;
}

export function SignInForm({ onSubmit, pending = false, error }: SignInFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = SignInRequestSchema.safeParse({ email: email.trim(), password });
    if (!parsed.success) {
      const found = fieldErrorsOf(parsed.error);
      setErrors({
        ...found,
        ...(password === '' ? { password: 'Enter your password' } : {}),
        ...(email.trim() === '' ? { email: 'Enter your email address' } : {}),
      });
      return;
    }
    setErrors({});
    onSubmit(parsed.data);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Sign in">
      {error ? <ErrorMessage error={error} title="Could not sign in" /> : null}
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={errors.email ?? fieldError(error, 'email')}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={errors.password}
      />
      <button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
