import { hasRole } from '@shakedown/core/contract';
import { lazy, Suspense, useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { EmptyState, ErrorMessage, Loading } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { editTargetHref, paths, runHref } from '../../config/paths';
import { useCreateRun } from '../../features/runs/api/create-run';
import { useTargetRuns } from '../../features/runs/api/list-runs';
import { RunsTable } from '../../features/runs/components/runs-table';
import { StartRunForm } from '../../features/runs/components/start-run-form';
import { useCheckVerification } from '../../features/targets/api/check-verification';
import { useDeleteTarget } from '../../features/targets/api/delete-target';
import { useTarget } from '../../features/targets/api/get-target';
import { useTargetHistory } from '../../features/targets/api/target-history';
import { SchedulePanel } from '../../features/targets/components/schedule-panel';
import { VerificationPanel } from '../../features/targets/components/verification-panel';
import { configToYaml } from '../../features/targets/utils/config-yaml';
import { toHistorySeries } from '../../features/targets/utils/to-history-series';
import { useCurrentOrg } from '../../lib/current-org';

const HistoryCharts = lazy(() => import('../../features/targets/components/history-charts'));

export default function TargetDetailPage() {
  const { targetId = '' } = useParams();
  const { orgId, membership } = useCurrentOrg();
  const navigate = useNavigate();
  const target = useTarget(orgId, targetId);
  const runs = useTargetRuns(orgId, targetId);
  const history = useTargetHistory(orgId, targetId);
  const check = useCheckVerification(orgId, targetId);
  const createRun = useCreateRun(orgId, targetId);
  const remove = useDeleteTarget(orgId);
  const points = useMemo(() => toHistorySeries(history.data?.items ?? []), [history.data]);
  const canRun = hasRole(membership.role, 'member');

  if (target.isPending) return <Loading label="Loading the target…" />;
  if (target.isError) {
    return (
      <ErrorMessage
        error={target.error}
        title="Could not load the target"
        onRetry={() => void target.refetch()}
      />
    );
  }
  const verified = target.data.verification.status === 'verified';

  return (
    <div>
      <div className="page-head">
        <div>
          <h1>{target.data.name}</h1>
          <code className="muted">{target.data.baseUrl}</code>
        </div>
        <div className="row">
          <StatusBadge status={target.data.verification.status} />
          {hasRole(membership.role, 'admin') ? (
            <Link to={editTargetHref(targetId)} className="button secondary">
              Edit target
            </Link>
          ) : null}
        </div>
      </div>

      <VerificationPanel
        verification={target.data.verification}
        onCheck={() => check.mutate()}
        pending={check.isPending}
        error={check.error}
        canCheck={canRun}
      />

      <section className="card" aria-labelledby="start-heading">
        <h2 id="start-heading">Start a run</h2>
        <StartRunForm
          pending={createRun.isPending}
          error={createRun.error}
          disabledReason={
            !canRun
              ? 'Viewers cannot start runs.'
              : !verified
                ? 'Verify ownership of the target first.'
                : undefined
          }
          onSubmit={(probes) =>
            createRun.mutate(probes ? { probes } : {}, {
              onSuccess: (run) => void navigate(runHref(run.id)),
            })
          }
        />
      </section>

      <SchedulePanel
        key={target.data.schedule?.updatedAt ?? 'none'}
        orgId={orgId}
        targetId={targetId}
        schedule={target.data.schedule}
        canEdit={hasRole(membership.role, 'admin')}
      />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {history.isPending ? (
          <Loading label="Loading history…" />
        ) : history.isError ? (
          <ErrorMessage
            error={history.error}
            title="Could not load the history"
            onRetry={() => void history.refetch()}
          />
        ) : points.length === 0 ? (
          <EmptyState title="No completed runs yet">
            <p>Charts of findings and latency appear after the first run completes.</p>
          </EmptyState>
        ) : (
          <Suspense fallback={<Loading label="Loading charts…" />}>
            <HistoryCharts points={points} />
          </Suspense>
        )}
      </section>

      <section className="card" aria-labelledby="runs-heading">
        <h2 id="runs-heading">Runs</h2>
        {runs.isPending ? (
          <Loading />
        ) : runs.isError ? (
          <ErrorMessage
            error={runs.error}
            title="Could not load runs"
            onRetry={() => void runs.refetch()}
          />
        ) : runs.data.items.length === 0 ? (
          <p className="muted">No runs yet.</p>
        ) : (
          <RunsTable runs={runs.data.items} />
        )}
      </section>

      <details className="card">
        <summary>Config</summary>
        <pre aria-label="Target config">{configToYaml(target.data.config)}</pre>
      </details>

      {hasRole(membership.role, 'admin') ? (
        <section className="card" aria-labelledby="danger-heading">
          <h2 id="danger-heading">Delete</h2>
          {remove.isError ? (
            <ErrorMessage error={remove.error} title="Could not delete the target" />
          ) : null}
          <button
            type="button"
            className="danger"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete ${target.data.name} with its runs and findings?`)) {
                remove.mutate(targetId, { onSuccess: () => void navigate(paths.targets) });
              }
            }}
          >
            Delete this target
          </button>
        </section>
      ) : null}
      <p>
        <Link to={paths.targets}>Back to targets</Link>
      </p>
    </div>
  );
}
