import { Link, useSearchParams } from 'react-router';

import { ErrorMessage } from '../../components/states';
import { paths } from '../../config/paths';
import { useAcceptInvitation } from '../../features/orgs/api/accept-invitation';
import { useInvitationPreview } from '../../features/orgs/api/preview-invitation';
import { useEnterOrg } from '../use-enter-org';

export default function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const accept = useAcceptInvitation();
  const preview = useInvitationPreview(token);
  const enterOrg = useEnterOrg();

  return (
    <main className="auth">
      <h1>Join an organisation</h1>
      {token === '' ? (
        <p className="alert alert--error" role="alert">
          This link has no invitation token. Ask for a new invitation.
        </p>
      ) : (
        <div className="card stack">
          {preview.data ? (
            <p>
              You have been invited to join <strong>{preview.data.orgName}</strong> as{' '}
              <strong>{preview.data.role}</strong> (sent to {preview.data.email}).
            </p>
          ) : preview.isError ? (
            <ErrorMessage error={preview.error} title="This invitation cannot be used" />
          ) : (
            <p className="muted">Reading the invitation…</p>
          )}
          {accept.isError ? <ErrorMessage error={accept.error} title="Could not accept" /> : null}
          <button
            type="button"
            disabled={accept.isPending || !preview.data}
            onClick={() => accept.mutate(token, { onSuccess: enterOrg })}
          >
            {accept.isPending ? 'Joining…' : 'Accept the invitation'}
          </button>
        </div>
      )}
      <p>
        <Link to={paths.targets}>Back to the dashboard</Link>
      </p>
    </main>
  );
}
