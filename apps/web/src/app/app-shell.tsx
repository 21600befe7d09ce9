import { Suspense } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';

import { ErrorMessage, Loading } from '../components/states';
import { paths } from '../config/paths';
import { useSession } from '../features/auth/api/get-session';
import { useSignOut } from '../features/auth/api/sign-out';
import { OrgSwitcher } from '../features/orgs/components/org-switcher';
import { useCurrentOrg } from '../lib/current-org';

const NAV = [
  { to: paths.targets, label: 'Targets' },
  { to: paths.findings, label: 'Open findings' },
  { to: paths.estimator, label: 'Estimator' },
  { to: paths.webhooks, label: 'Webhooks' },
  { to: paths.members, label: 'Members' },
  { to: paths.apiKeys, label: 'API keys' },
];

export function AppShell() {
  const { orgId, memberships, setOrgId } = useCurrentOrg();
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();

  return (
    <div className="shell">
      <header className="shell__bar">
        <Link to={paths.targets} className="shell__brand">
          Shakedown
        </Link>
        <OrgSwitcher memberships={memberships} orgId={orgId} onChange={setOrgId} />
        <Link to={paths.createOrg} style={{ color: '#fff' }}>
          New organisation
        </Link>
        <span className="visually-hidden">Signed in as</span>
        <span>{session.data?.user.name}</span>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            signOut.mutate(undefined, {
              onSettled: () => void navigate(paths.signIn, { replace: true }),
            })
          }
          disabled={signOut.isPending}
        >
          Sign out
        </button>
      </header>
      <nav className="shell__nav" aria-label="Main">
        {NAV.map((item) => (
          <NavLink key={item.to} to={item.to}>
            {item.label}
          </NavLink>
        ))}
      </nav>
      <main className="shell__main" id="main">
        {signOut.isError ? <ErrorMessage error={signOut.error} title="Could not sign out" /> : null}
        {/* Keyed by organisation: switching starts every page afresh. */}
        <Suspense fallback={<Loading />}>
          <Outlet key={orgId} />
        </Suspense>
      </main>
    </div>
  );
}
