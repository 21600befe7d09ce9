import type { Severity } from '@shakedown/core/findings';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge badge--${severity}`}>{severity}</span>;
}
