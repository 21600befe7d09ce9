import type { Role } from '@shakedown/core/contract';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';

import { useRevealRequest } from './reveal-secret';

function revealFor(role: Role, targetId: string | undefined) {
  const client = new QueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(() => useRevealRequest('org-1', targetId, role), { wrapper }).result.current;
}

describe('useRevealRequest (who may copy with real credentials)', () => {
  it.each<Role>(['owner', 'admin'])('offers the reveal to an %s', (role) => {
    expect(revealFor(role, 't-1')).toEqual(expect.any(Function));
  });

  it.each<Role>(['member', 'viewer'])('never offers it to a %s', (role) => {
    expect(revealFor(role, 't-1')).toBeUndefined();
  });

  it('offers nothing before the run (and so its target) is known', () => {
    expect(revealFor('owner', undefined)).toBeUndefined();
  });
});
