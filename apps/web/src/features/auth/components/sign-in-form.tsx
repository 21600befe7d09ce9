import { SignInRequestSchema, type SignInRequest } from '@shakedown/core/contract';
import { useState } from 'react';

import { ErrorMessage } from '../../../components/states';
import { TextField } from '../../../components/text-field';
import { useValidatedForm } from '../../../lib/use-validated-form';
import { EmailField } from './email-field';

interface SignInFormProps {
  onSubmit: (values: SignInRequest) => void;
  pending?: boolean;
  error?: unknown;
}

export function SignInForm({ onSubmit, pending = false, error }: SignInFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, submitWith } = useValidatedForm(SignInRequestSchema, onSubmit);
  const submit = submitWith(
    { email: email.trim(), password },
    {
      email: email.trim() === '' && 'Enter your email address',
      password: password === '' && 'Enter your password',
    },
  );

  return (
    <form onSubmit={submit} noValidate aria-label="Sign in">
      {error ? <ErrorMessage error={error} title="Could not sign in" /> : null}
      <EmailField value={email} onChange={setEmail} error={errors.email} apiError={error} />
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
