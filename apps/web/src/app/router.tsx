import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';

import { Loading } from '../components/states';
import { paths } from '../config/paths';
import { AppShell } from './app-shell';
import { RequireSession } from './require-session';

/** Every page is its own chunk: the first load carries the shell only. */
function page(load: () => Promise<{ default: ComponentType }>) {
  const Page = lazy(load);
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

export function createRouter() {
  return createBrowserRouter([
    { path: paths.signIn, element: page(() => import('./routes/sign-in')) },
    { path: paths.signUp, element: page(() => import('./routes/sign-up')) },
    {
      element: <RequireSession />,
      children: [
        { path: paths.createOrg, element: page(() => import('./routes/create-org')) },
        { path: paths.acceptInvitation, element: page(() => import('./routes/accept-invitation')) },
        {
          element: <AppShell />,
          children: [
            { index: true, element: <Navigate to={paths.targets} replace /> },
            { path: paths.targets, element: page(() => import('./routes/targets')) },
            { path: paths.registerTarget, element: page(() => import('./routes/register-target')) },
            { path: paths.target, element: page(() => import('./routes/target-detail')) },
            { path: paths.editTarget, element: page(() => import('./routes/edit-target')) },
            { path: paths.run, element: page(() => import('./routes/run-detail')) },
            { path: paths.findings, element: page(() => import('./routes/findings-overview')) },
            { path: paths.estimator, element: page(() => import('./routes/estimator')) },
            { path: paths.webhooks, element: page(() => import('./routes/webhooks')) },
            { path: paths.members, element: page(() => import('./routes/members')) },
            { path: paths.apiKeys, element: page(() => import('./routes/api-keys')) },
            { path: '*', element: page(() => import('./routes/not-found')) },
          ],
        },
      ],
    },
  ]);
}
