import type { Target } from '@shakedown/core/contract';
import { SEVERITIES } from '@shakedown/core/findings';
import { Link } from 'react-router';

import { SeverityBadge } from '../../../components/severity-badge';
import { StatusBadge } from '../../../components/status-badge';
import { VerdictBadge, VerdictReasons } from '../../../components/verdict';
import { runHref, targetHref } from '../../../config/paths';
import { useLatestRuns } from '../api/latest-runs';

function LastRunCells({ orgId, targetId }: { orgId: string; targetId: string }) {
  const runs = useLatestRuns(orgId, targetId);
  if (runs.isPending) {
    return (
      <>
        <td className="muted">…</td>
        <td className="muted">…</td>
      </>
    );
  }
  if (runs.isError) {
    return (
      <td colSpan={2} className="field__error">
        Could not load runs{runs.error instanceof Error ? `: ${runs.error.message}` : ''}
      </td>
    );
  }
  const { latest, completed } = runs.data;
  const summary = completed?.summary;
  const open = summary?.bySeverity;
  return (
    <>
      <td>
        {latest ? (
          <Link to={runHref(latest.id)} aria-label={`Last run: ${latest.status}`}>
            <StatusBadge status={latest.status} />
          </Link>
        ) : (
          <span className="muted">never run</span>
        )}
      </td>
      <td>
        {open && SEVERITIES.some((severity) => open[severity] > 0) ? (
          <span className="row">
            {SEVERITIES.filter((severity) => open[severity] > 0).map((severity) => (
              <span key={severity}>
                <SeverityBadge severity={severity} /> {open[severity]}
              </span>
            ))}
          </span>
        ) : null}
        {summary ? (
          <div>
            <VerdictBadge summary={summary} />
            <VerdictReasons summary={summary} limit={1} />
          </div>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </>
  );
}

export function TargetsTable({ orgId, targets }: { orgId: string; targets: Target[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Ownership</th>
            <th scope="col">Last run</th>
            <th scope="col">Open findings · verdict</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((target) => (
            <tr key={target.id}>
              <td>
                <Link to={targetHref(target.id)}>{target.name}</Link>
                <div className="muted">
                  <code>{target.baseUrl}</code>
                </div>
              </td>
              <td>
                <StatusBadge status={target.verification.status} />
              </td>
              <LastRunCells orgId={orgId} targetId={target.id} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
