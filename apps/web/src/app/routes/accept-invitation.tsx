import { Link, useSearchParams } from 'react-router';

import { ErrorMessage } from '../../components/states';
import { paths } from '../../config/paths';
import { useAcceptInvitation } from '../../features/orgs/api/accept-invitation';
import { useEnterOrg } from '../use-enter-org';

export default function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const accept = useAcceptInvitation();
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
          <p>You have been invited to an organisation on Shakedown.</p>
          {accept.isError ? <ErrorMessage error={accept.error} title="Could not accept" /> : null}
          <button
            type="button"
            disabled={accept.isPending}
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
