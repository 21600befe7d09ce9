import { CreateOrgRequestSchema, type CreateOrgRequest } from '@shakedown/core/contract';
import { useState, type FormEvent } from 'react';

import { ErrorMessage } from '../../../components/states';
import { TextField } from '../../../components/text-field';

interface CreateOrgFormProps {
  onSubmit: (values: CreateOrgRequest) => void;
  pending?: boolean;
  error?: unknown;
}

export function CreateOrgForm({ onSubmit, pending = false, error }: CreateOrgFormProps) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = CreateOrgRequestSchema.safeParse({ name });
    if (!parsed.success) {
      setProblem(
        name.trim() === '' ? 'Enter a name for the organisation' : parsed.error.issues[0]?.message,
      );
      return;
    }
    setProblem(undefined);
    onSubmit(parsed.data);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Create an organisation">
      {error ? <ErrorMessage error={error} title="Could not create the organisation" /> : null}
      <TextField
        label="Organisation name"
        hint="Usually your company or team; you can invite others later."
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={problem}
      />
      <button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create organisation'}
      </button>
    </form>
  );
}
