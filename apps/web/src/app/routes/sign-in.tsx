import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { paths, withNext } from '../../config/paths';
import { authKeys } from '../../features/auth/api/keys';
import { useSignIn } from '../../features/auth/api/sign-in';
import { SignInForm } from '../../features/auth/components/sign-in-form';

/** Only paths of this app: `next` must never send the user to another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : paths.targets;
}

export default function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signIn = useSignIn();
  const expired = queryClient.getQueryData<boolean>(authKeys.expired) === true;
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
                queryClient.setQueryData(authKeys.expired, false);
                void navigate(next, { replace: true });
              },
            })
          }
        />
      </div>
      <p>
        New here?{' '}
        <Link to={next !== paths.targets ? withNext(paths.signUp, next) : paths.signUp}>
          Create an account
        </Link>
      </p>
    </main>
  );
}
