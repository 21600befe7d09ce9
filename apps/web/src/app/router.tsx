import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';

import { Loading } from '../components/states';
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
    { path: '/sign-in', element: page(() => import('./routes/sign-in')) },
    { path: '/sign-up', element: page(() => import('./routes/sign-up')) },
    {
      element: <RequireSession />,
      children: [
        { path: '/orgs/new', element: page(() => import('./routes/create-org')) },
        { path: '/invitations/accept', element: page(() => import('./routes/accept-invitation')) },
        {
          element: <AppShell />,
          children: [
            { index: true, element: <Navigate to="/targets" replace /> },
            { path: '/targets', element: page(() => import('./routes/targets')) },
            { path: '/targets/new', element: page(() => import('./routes/register-target')) },
            { path: '/targets/:targetId', element: page(() => import('./routes/target-detail')) },
            { path: '/runs/:runId', element: page(() => import('./routes/run-detail')) },
            { path: '/findings', element: page(() => import('./routes/findings-overview')) },
            { path: '/estimator', element: page(() => import('./routes/estimator')) },
            { path: '/webhooks', element: page(() => import('./routes/webhooks')) },
            { path: '/settings/members', element: page(() => import('./routes/members')) },
            { path: '/settings/api-keys', element: page(() => import('./routes/api-keys')) },
            { path: '*', element: page(() => import('./routes/not-found')) },
          ],
        },
      ],
    },
  ]);
}
