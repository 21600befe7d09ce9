import { isApiError, SignUpRequestSchema, type SignUpRequest } from '@shakedown/core/contract';
import { useState } from 'react';

import { ErrorMessage, fieldError } from '../../../components/states';
import { TextField } from '../../../components/text-field';
import { useValidatedForm } from '../../../lib/use-validated-form';
import { EmailField } from './email-field';

interface SignUpFormProps {
  onSubmit: (values: SignUpRequest) => void;
  pending?: boolean;
  error?: unknown;
}

/** The API checks the password rules and names the one broken (`weak_password`). */
export const PASSWORD_HINT = 'At least 12 characters; not a common password, and not your email.';

export function SignUpForm({ onSubmit, pending = false, error }: SignUpFormProps) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, submitWith } = useValidatedForm(SignUpRequestSchema, onSubmit);
  const submit = submitWith(
    { name, email: email.trim(), password },
    {
      name: name.trim() === '' && 'Enter your name',
      email: email.trim() === '' && 'Enter your email address',
      password: password === '' && 'Choose a password',
    },
  );

  const apiPasswordError =
    isApiError(error) && error.code === 'weak_password' ? error.message : undefined;

  return (
    <form onSubmit={submit} noValidate aria-label="Sign up">
      {error ? <ErrorMessage error={error} title="Could not create the account" /> : null}
      <TextField
        label="Name"
        autoComplete="name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={errors.name ?? fieldError(error, 'name')}
      />
      <EmailField value={email} onChange={setEmail} error={errors.email} apiError={error} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={PASSWORD_HINT}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={errors.password ?? apiPasswordError}
      />
      <button type="submit" disabled={pending}>
        {pending ? 'Creating account…' : 'Create account'}
      </button>
    </form>
  );
}
