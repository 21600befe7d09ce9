import { CATALOGUE, isFindingCode } from '@shakedown/core/findings';

import { SeverityBadge } from '../../components/severity-badge';
import { EmptyState, ErrorMessage, Loading } from '../../components/states';
import { useFindingsOverview } from '../../features/findings/api/get-findings-overview';
import { useCurrentOrg } from '../../lib/current-org';

export default function FindingsOverviewPage() {
  const { orgId, membership } = useCurrentOrg();
  const overview = useFindingsOverview(orgId);
  return (
    <div>
      <h1>Open findings in {membership.orgName}</h1>
      <p className="muted">Open findings are those of each target’s latest completed run.</p>
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <ErrorMessage
          error={overview.error}
          title="Could not load the overview"
          onRetry={() => void overview.refetch()}
        />
      ) : overview.data.items.length === 0 ? (
        <EmptyState title="No open findings">
          <p>
            {overview.data.targetsConsidered === 0
              ? 'No target has a completed run yet.'
              : `The latest runs of ${overview.data.targetsConsidered} target(s) found nothing.`}
          </p>
        </EmptyState>
      ) : (
        <section className="card">
          <p>Across {overview.data.targetsConsidered} target(s) with a completed run.</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Failed check</th>
                  <th scope="col">Open</th>
                  <th scope="col">Targets</th>
                </tr>
              </thead>
              <tbody>
                {overview.data.items.map((item) => (
                  <tr key={item.code}>
                    <td>
                      <SeverityBadge severity={item.severity} />
                    </td>
                    <td>
                      {isFindingCode(item.code) ? CATALOGUE[item.code].name : item.code}
                      <div>
                        <code className="muted">{item.code}</code>
                      </div>
                    </td>
                    <td>{item.count}</td>
                    <td>{item.targets}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
