import type { MembershipSummary } from '@shakedown/core/contract';
import { createContext, useContext } from 'react';

export interface CurrentOrg {
  orgId: string;
  membership: MembershipSummary;
  memberships: MembershipSummary[];
  setOrgId: (orgId: string) => void;
}

export const CurrentOrgContext = createContext<CurrentOrg | null>(null);

/** The organisation the dashboard acts in; only inside the signed-in part of the app. */
export function useCurrentOrg(): CurrentOrg {
  const current = useContext(CurrentOrgContext);
  if (!current) throw new Error('useCurrentOrg is used outside the signed-in app');
  return current;
}

const STORAGE_KEY = 'shakedown.orgId';

export function readStoredOrgId(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeOrgId(orgId: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, orgId);
  } catch {
    // Private modes may refuse storage; the choice then lasts for this page only.
  }
}

/** The stored choice when the user still belongs to it, else the first organisation. */
export function pickOrg(
  memberships: readonly MembershipSummary[],
  stored: string | null,
): MembershipSummary | undefined {
  return memberships.find((membership) => membership.orgId === stored) ?? memberships[0];
}
