import type { MembershipSummary } from '@shakedown/core/contract';
import { useId } from 'react';

interface OrgSwitcherProps {
  memberships: MembershipSummary[];
  orgId: string;
  onChange: (orgId: string) => void;
}

/** Which organisation the dashboard acts in; sent to the API as `X-Org-Id`. */
export function OrgSwitcher({ memberships, orgId, onChange }: OrgSwitcherProps) {
  const id = useId();
  return (
    <span className="row">
      <label htmlFor={id} className="visually-hidden">
        Organisation
      </label>
      <select id={id} value={orgId} onChange={(event) => onChange(event.target.value)}>
        {memberships.map((membership) => (
          <option key={membership.orgId} value={membership.orgId}>
            {membership.orgName} ({membership.role})
          </option>
        ))}
      </select>
    </span>
  );
}
