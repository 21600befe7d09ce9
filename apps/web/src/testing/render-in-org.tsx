import type { Role } from '@shakedown/core/contract';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';

import { CurrentOrgContext } from '../lib/current-org';

/** Renders a page (or a part of one) signed in to one organisation with `role`. */
export function renderInOrg(ui: ReactElement, role: Role = 'admin') {
  const membership = { orgId: 'org-1', orgName: 'Acme', orgSlug: 'acme', role };
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <CurrentOrgContext.Provider
        value={{ orgId: 'org-1', membership, memberships: [membership], setOrgId: () => {} }}
      >
        <MemoryRouter>{ui}</MemoryRouter>
      </CurrentOrgContext.Provider>
    </QueryClientProvider>,
  );
}
