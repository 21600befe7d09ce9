import { CreateApiKeyRequestSchema, type CreateApiKeyRequest } from '@shakedown/core/contract';
import { useId, useState, type FormEvent } from 'react';

import { ErrorMessage } from '../../../components/states';
import { TextField } from '../../../components/text-field';

type KeyRole = CreateApiKeyRequest['role'];
const KEY_ROLES: KeyRole[] = ['admin', 'member', 'viewer'];

interface ApiKeyFormProps {
  onSubmit: (values: CreateApiKeyRequest) => void;
  pending?: boolean;
  error?: unknown;
}

export function ApiKeyForm({ onSubmit, pending = false, error }: ApiKeyFormProps) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<KeyRole>('member');
  const [problem, setProblem] = useState<string>();
  const roleId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = CreateApiKeyRequestSchema.safeParse({ name, role });
    if (!parsed.success) {
      setProblem(
        name.trim() === ''
          ? 'Name the key, e.g. "GitHub Actions"'
          : parsed.error.issues[0]?.message,
      );
      return;
    }
    setProblem(undefined);
    onSubmit(parsed.data);
    setName('');
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Create an API key">
      {error ? <ErrorMessage error={error} title="Could not create the key" /> : null}
      <TextField
        label="Key name"
        hint="Where the key is used, so you can tell keys apart."
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={problem}
      />
      <div className="field">
        <label htmlFor={roleId}>Key role</label>
        <select
          id={roleId}
          value={role}
          onChange={(event) => setRole(event.target.value as KeyRole)}
        >
          {KEY_ROLES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {candidate}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create key'}
      </button>
    </form>
  );
}
