import {
  CreateInvitationRequestSchema,
  ROLES,
  type CreateInvitationRequest,
  type Role,
} from '@shakedown/core/contract';
import { useId, useState, type FormEvent } from 'react';

import { ErrorMessage, fieldError } from '../../../components/states';
import { TextField } from '../../../components/text-field';

interface InviteFormProps {
  onSubmit: (values: CreateInvitationRequest) => void;
  pending?: boolean;
  error?: unknown;
  /** Only owners may invite owners. */
  canInviteOwners?: boolean;
}

export const ROLE_HELP: Record<Role, string> = {
  owner: 'everything, including billing, deleting the organisation and managing owners',
  admin: 'members, API keys, webhooks and targets',
  member: 'register targets and start runs',
  viewer: 'read targets, runs and findings',
};

export function InviteForm({
  onSubmit,
  pending = false,
  error,
  canInviteOwners = false,
}: InviteFormProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [problem, setProblem] = useState<string>();
  const roleId = useId();
  const roles = ROLES.filter((candidate) => canInviteOwners || candidate !== 'owner');

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = CreateInvitationRequestSchema.safeParse({ email: email.trim(), role });
    if (!parsed.success) {
      setProblem(
        email.trim() === '' ? 'Enter the email address to invite' : parsed.error.issues[0]?.message,
      );
      return;
    }
    setProblem(undefined);
    onSubmit(parsed.data);
    setEmail('');
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Invite a member">
      {error ? <ErrorMessage error={error} title="Could not send the invitation" /> : null}
      <TextField
        label="Email to invite"
        type="email"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={problem ?? fieldError(error, 'email')}
      />
      <div className="field">
        <label htmlFor={roleId}>Role</label>
        <select
          id={roleId}
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
          aria-describedby={`${roleId}-help`}
        >
          {roles.map((candidate) => (
            <option key={candidate} value={candidate}>
              {candidate}
            </option>
          ))}
        </select>
        <span id={`${roleId}-help`} className="field__hint">
          A {role} can {ROLE_HELP[role]}.
        </span>
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Inviting…' : 'Send invitation'}
      </button>
    </form>
  );
}
