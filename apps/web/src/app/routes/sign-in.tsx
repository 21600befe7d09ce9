import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { useSignIn } from '../../features/auth/api/sign-in';
import { SignInForm } from '../../features/auth/components/sign-in-form';
import { sessionExpiredKey } from '../require-session';

/** Only paths of this app: `next` must never send the user to another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/targets';
}

export default function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signIn = useSignIn();
  const expired = queryClient.getQueryData<boolean>(sessionExpiredKey) === true;
  const next = safeNext(params.get('next'));

  return (
    <main className="auth">
      <h1>Sign in to Shakedown</h1>
      {expired ? (
        <p className="alert alert--info" role="status">
          Your session has expired. Sign in again to carry on.
        </p>
      ) : null}
      <div className="card">
        <SignInForm
          pending={signIn.isPending}
          error={signIn.error}
          onSubmit={(values) =>
            signIn.mutate(values, {
              onSuccess: () => {
                queryClient.setQueryData(sessionExpiredKey, false);
                void navigate(next, { replace: true });
              },
            })
          }
        />
      </div>
      <p>
        New here?{' '}
        <Link to={`/sign-up${next !== '/targets' ? `?next=${encodeURIComponent(next)}` : ''}`}>
          Create an account
        </Link>
      </p>
    </main>
  );
}
