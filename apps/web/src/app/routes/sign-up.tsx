import { Link, useNavigate, useSearchParams } from 'react-router';

import { paths } from '../../config/paths';
import { useSignUp } from '../../features/auth/api/sign-up';
import { SignUpForm } from '../../features/auth/components/sign-up-form';
import { safeNext } from './sign-in';

export default function SignUpPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signUp = useSignUp();
  const next = params.get('next');

  return (
    <main className="auth">
      <h1>Create your Shakedown account</h1>
      <p className="muted">
        Prove or disprove what your happy-path tests miss: duplicate writes on retry, oversized
        bodies, bypassable rate limits, cross-tenant reads.
      </p>
      <div className="card">
        <SignUpForm
          pending={signUp.isPending}
          error={signUp.error}
          onSubmit={(values) =>
            signUp.mutate(values, {
              onSuccess: (session) =>
                void navigate(
                  session.memberships.length === 0 && !next ? paths.createOrg : safeNext(next),
                  {
                    replace: true,
                  },
                ),
            })
          }
        />
      </div>
      <p>
        Already have an account? <Link to={paths.signIn}>Sign in</Link>
      </p>
    </main>
  );
}
