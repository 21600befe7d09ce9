import { useState } from 'react';
import { Link } from 'react-router';

import { EmptyState, ErrorMessage, Loading } from '../../components/states';
import { paths } from '../../config/paths';
import { useTargets } from '../../features/targets/api/list-targets';
import { TargetsTable } from '../../features/targets/components/targets-table';
import { useCurrentOrg } from '../../lib/current-org';

export default function TargetsPage() {
  const { orgId } = useCurrentOrg();
  const [cursors, setCursors] = useState<string[]>([]);
  const targets = useTargets(orgId, cursors.at(-1));

  return (
    <div>
      <div className="page-head">
        <h1>Targets</h1>
        <Link to={paths.registerTarget} className="button">
          Register a target
        </Link>
      </div>
      {targets.isPending ? (
        <Loading label="Loading targets…" />
      ) : targets.isError ? (
        <ErrorMessage
          error={targets.error}
          title="Could not load targets"
          onRetry={() => void targets.refetch()}
        />
      ) : targets.data.items.length === 0 && cursors.length === 0 ? (
        <EmptyState title="No targets yet">
          <p>Register the API you want to shake down: by hand, as YAML, or from an OpenAPI file.</p>
          <Link to={paths.registerTarget} className="button">
            Register your first target
          </Link>
        </EmptyState>
      ) : (
        <section className="card">
          <TargetsTable orgId={orgId} targets={targets.data.items} />
          <div className="row">
            {cursors.length > 0 ? (
              <button
                type="button"
                className="secondary"
                onClick={() => setCursors(cursors.slice(0, -1))}
              >
                Previous page
              </button>
            ) : null}
            {targets.data.nextCursor ? (
              <button
                type="button"
                className="secondary"
                onClick={() => setCursors([...cursors, targets.data.nextCursor!])}
              >
                Next page
              </button>
            ) : null}
          </div>
        </section>
      )}
    </div>
  );
}
