import type { Run } from '@shakedown/core/contract';

import { StatusBadge } from '../../../components/status-badge';
import { progressPercent } from '../utils/progress';

interface RunProgressProps {
  run: Pick<Run, 'status' | 'progressDone' | 'progressTotal' | 'currentProbe' | 'failureReason'>;
  live?: boolean;
}

/** The run's progress as a labelled bar; the numbers are announced as they change. */
export function RunProgress({ run, live = false }: RunProgressProps) {
  const percent = progressPercent(run);
  return (
    <section className="card stack" aria-label="Run progress">
      <div className="row">
        <StatusBadge status={run.status} />
        <span aria-live="polite" data-testid="run-progress-text">
          {percent}% · {run.progressDone} of {run.progressTotal || '?'} checks
          {run.currentProbe && run.status === 'running' ? ` · now: ${run.currentProbe}` : ''}
        </span>
        {live ? <span className="muted">(live)</span> : null}
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Checks done"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
      {run.status === 'failed' && run.failureReason ? (
        <p className="alert alert--error">The run failed: {run.failureReason}</p>
      ) : null}
    </section>
  );
}
