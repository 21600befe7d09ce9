import { Link, useNavigate, useSearchParams } from 'react-router';

import { ErrorMessage } from '../../components/states';
import { useAcceptInvitation } from '../../features/orgs/api/invitations';
import { storeOrgId } from '../../lib/current-org';

export default function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const accept = useAcceptInvitation();
  const navigate = useNavigate();

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
            onClick={() =>
              accept.mutate(token, {
                onSuccess: (org) => {
                  storeOrgId(org.id);
                  void navigate('/targets', { replace: true });
                },
              })
            }
          >
            {accept.isPending ? 'Joining…' : 'Accept the invitation'}
          </button>
        </div>
      )}
      <p>
        <Link to="/targets">Back to the dashboard</Link>
      </p>
    </main>
  );
}
