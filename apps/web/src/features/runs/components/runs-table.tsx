import type { Run } from '@shakedown/core/contract';
import { Link } from 'react-router';

import { StatusBadge } from '../../../components/status-badge';
import { VerdictBadge } from '../../../components/verdict';
import { runHref } from '../../../config/paths';
import { progressPercent } from '../utils/progress';

export function RunsTable({ runs }: { runs: Run[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Probes</th>
            <th scope="col">Verdict</th>
            <th scope="col">Findings</th>
            <th scope="col">New</th>
            <th scope="col">Trigger</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>
                <Link to={runHref(run.id)}>{new Date(run.createdAt).toLocaleString()}</Link>
              </td>
              <td>
                <StatusBadge status={run.status} />
                {run.status === 'running' ? ` ${progressPercent(run)}%` : ''}
              </td>
              <td className="probes-cell">{run.probes.join(', ')}</td>
              <td>{run.summary ? <VerdictBadge summary={run.summary} /> : '—'}</td>
              <td>
                {run.summary
                  ? Object.values(run.summary.bySeverity).reduce((sum, count) => sum + count, 0)
                  : '—'}
              </td>
              <td>{run.regressionCount ?? '—'}</td>
              <td>{run.trigger}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
