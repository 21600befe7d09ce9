import type { FindingItem } from '@shakedown/core/contract';
import { payloadSizeFromBytes } from '@shakedown/core/estimator';
import { SEVERITIES } from '@shakedown/core/findings';
import { verdictOfSummary, type Summary } from '@shakedown/core/report';
import { lazy, Suspense, useMemo } from 'react';
import { Link, useParams } from 'react-router';

import { SeverityBadge } from '../../components/severity-badge';
import { EmptyState, ErrorMessage, Loading } from '../../components/states';
import { VerdictBadge, VerdictReasons } from '../../components/verdict';
import { estimatorHref, targetHref } from '../../config/paths';
import { EstimatorWidget } from '../../features/estimator/components/estimator-widget';
import {
  estimatorSearchFromBytes,
  largestAcceptedBytes,
  OVERSIZE_ACCEPTED_CODE,
} from '../../features/estimator/utils/oversize-prefill';
import { FindingsList } from '../../features/findings/components/findings-list';
import { RevealRequestContext } from '../../features/findings/components/reveal-context';
import { useCancelRun } from '../../features/runs/api/cancel-run';
import { useComparison } from '../../features/runs/api/get-comparison';
import { downloadReport, useReport } from '../../features/runs/api/get-report';
import { useRun } from '../../features/runs/api/get-run';
import { useRunFindings } from '../../features/runs/api/get-run-findings';
import { ComparisonPanel } from '../../features/runs/components/comparison-panel';
import { ReportDownloads } from '../../features/runs/components/report-downloads';
import { RunProgress } from '../../features/runs/components/run-progress';
import { UndecidedChecks } from '../../features/runs/components/undecided-checks';
import { useRunEvents } from '../../features/runs/hooks/use-run-events';
import { isRunActive } from '../../features/runs/utils/progress';
import { useRevealRequest } from '../../features/targets/api/reveal-secret';
import { useCurrentOrg } from '../../lib/current-org';

const LoadCharts = lazy(() => import('../../features/runs/components/load-charts'));

/** The payload finding with the largest accepted body: it pre-fills the estimator. */
function largestOversize(findings: readonly FindingItem[]) {
  let best: { finding: FindingItem; bytes: number } | undefined;
  for (const finding of findings) {
    if (finding.code !== OVERSIZE_ACCEPTED_CODE) continue;
    const bytes = largestAcceptedBytes(finding.evidence);
    if (bytes !== undefined && (!best || bytes > best.bytes)) best = { finding, bytes };
  }
  return best && { ...best, prefill: payloadSizeFromBytes(best.bytes) };
}

/** What "no findings" means for this run: clean only when enough was decided. */
function emptyFindingsText(summary: Summary | null): string {
  if (!summary) return 'No findings.';
  const verdict = verdictOfSummary(summary);
  if (verdict.outcome === 'clean') {
    return `No findings: ${Math.round(verdict.coverage * 100)}% of the checks were decided and all passed.`;
  }
  return `No findings, but this run is inconclusive: only ${verdict.decided} of ${verdict.planned} checks were decided. See the skipped checks below.`;
}

export default function RunDetailPage() {
  const { runId = '' } = useParams();
  const { orgId, membership } = useCurrentOrg();
  const run = useRun(orgId, runId);
  const active = run.data ? isRunActive(run.data) : false;
  const finished = run.data !== undefined && !active;
  const stream = useRunEvents(orgId, runId, active);
  const findings = useRunFindings(orgId, runId, finished);
  const comparison = useComparison(orgId, runId, run.data?.status === 'completed');
  const report = useReport(orgId, runId, run.data?.status === 'completed');
  const cancel = useCancelRun(orgId, runId);
  const revealRequest = useRevealRequest(orgId, run.data?.targetId, membership.role);
  const oversize = useMemo(() => largestOversize(findings.data ?? []), [findings.data]);

  if (run.isPending) return <Loading label="Loading the run…" />;
  if (run.isError) {
    return (
      <ErrorMessage
        error={run.error}
        title="Could not load the run"
        onRetry={() => void run.refetch()}
      />
    );
  }
  const summary = run.data.summary;

  return (
    <div>
      <div className="page-head">
        <div>
          <h1>Run of {new Date(run.data.createdAt).toLocaleString()}</h1>
          <Link to={targetHref(run.data.targetId)}>Back to the target</Link>
        </div>
        {active ? (
          <button
            type="button"
            className="secondary"
            disabled={cancel.isPending || run.data.cancelRequestedAt !== null}
            onClick={() => cancel.mutate()}
          >
            {run.data.cancelRequestedAt ? 'Cancelling…' : 'Cancel run'}
          </button>
        ) : null}
      </div>
      {cancel.isError ? <ErrorMessage error={cancel.error} title="Could not cancel" /> : null}
      <RunProgress run={run.data} live={stream === 'live'} />

      {summary ? (
        <section className="card" aria-label="Summary">
          <div className="row">
            <VerdictBadge summary={summary} />
            <span>
              {summary.checks} checks: {summary.passed} passed, {summary.failed} failed,{' '}
              {summary.skipped} skipped, {summary.error} could not complete.
            </span>
            {SEVERITIES.filter((severity) => summary.bySeverity[severity] > 0).map((severity) => (
              <span key={severity}>
                <SeverityBadge severity={severity} /> {summary.bySeverity[severity]}
              </span>
            ))}
            {run.data.regressionCount ? (
              <span className="badge badge--failed">{run.data.regressionCount} new</span>
            ) : null}
          </div>
          <VerdictReasons summary={summary} />
          <p className="muted">Probes: {run.data.probes.join(', ')}</p>
        </section>
      ) : null}

      {finished ? (
        <>
          {comparison.isError ? (
            <ErrorMessage error={comparison.error} title="Could not load the comparison" />
          ) : comparison.data ? (
            <ComparisonPanel comparison={comparison.data} />
          ) : run.data.status === 'completed' ? (
            <Loading label="Comparing with the previous run…" />
          ) : null}

          <section className="card" aria-labelledby="findings-heading">
            <h2 id="findings-heading">Findings</h2>
            {findings.isPending ? (
              <Loading label="Loading findings…" />
            ) : findings.isError ? (
              <ErrorMessage
                error={findings.error}
                title="Could not load findings"
                onRetry={() => void findings.refetch()}
              />
            ) : (
              <RevealRequestContext.Provider value={revealRequest}>
                <FindingsList
                  findings={findings.data}
                  emptyText={emptyFindingsText(summary)}
                  renderExtra={(finding) => {
                    if (finding.code !== OVERSIZE_ACCEPTED_CODE) return null;
                    const bytes = largestAcceptedBytes(finding.evidence);
                    return bytes ? (
                      <p>
                        <Link to={estimatorHref(estimatorSearchFromBytes(bytes, finding.route))}>
                          Estimate what accepting these bodies could cost
                        </Link>
                      </p>
                    ) : null;
                  }}
                />
              </RevealRequestContext.Provider>
            )}
          </section>

          {report.data ? <UndecidedChecks checks={report.data.checks} /> : null}

          {oversize ? (
            <section className="card" aria-label="Capacity risk of the oversize finding">
              <EstimatorWidget
                key={oversize.finding.id}
                initialValues={{
                  payloadSize: String(oversize.prefill.payloadSize),
                  payloadUnit: oversize.prefill.payloadUnit,
                }}
                prefillNote={`Pre-filled with the largest body route ${oversize.finding.route} accepted in this run (payload.oversize_accepted).`}
              />
            </section>
          ) : null}

          {report.data?.load ? (
            <section className="card" aria-labelledby="load-heading">
              <h2 id="load-heading">Load</h2>
              <Suspense fallback={<Loading label="Loading charts…" />}>
                <LoadCharts load={report.data.load} />
              </Suspense>
            </section>
          ) : report.isError ? (
            <ErrorMessage error={report.error} title="Could not load the load results" />
          ) : null}

          {run.data.status === 'completed' ? (
            <ReportDownloads onDownload={(format) => downloadReport(orgId, runId, format)} />
          ) : (
            <EmptyState title={`The run ${run.data.status}`}>
              <p>{run.data.failureReason ?? 'It stopped before producing a report.'}</p>
            </EmptyState>
          )}
        </>
      ) : null}
    </div>
  );
}
