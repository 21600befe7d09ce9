import type { Evidence } from '@shakedown/core/report';
import { useId, useMemo, useState, type ReactNode } from 'react';

import { Pagination } from '../../../components/pagination';
import { SeverityBadge } from '../../../components/severity-badge';
import { SEVERITIES, type Severity } from '@shakedown/core/findings';
import { groupFindings, pageCount, pageOfGroups, type FindingLike } from '../utils/group-findings';
import { EvidenceViewer } from './evidence-viewer';
import { FindingFix } from './finding-fix';

export interface ListedFinding extends FindingLike {
  detail: string;
  evidence: Evidence;
  isNew?: boolean;
}

interface FindingsListProps<F extends ListedFinding> {
  findings: readonly F[];
  pageSize?: number;
  /** Extra content under a finding, e.g. the estimator link of a payload finding. */
  renderExtra?: (finding: F) => ReactNode;
  /** What an empty list says: a run that decided too little must not read as an all-clear. */
  emptyText?: string;
}

function FindingRow<F extends ListedFinding>({ finding, extra }: { finding: F; extra: ReactNode }) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  return (
    <li className="finding">
      <h4 style={{ margin: 0 }}>
        <button
          type="button"
          className="finding__head"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((value) => !value)}
        >
          <SeverityBadge severity={finding.severity} />
          <span>{finding.title}</span>
          <code className="muted">{finding.code}</code>
          <span className="muted">route {finding.route}</span>
          {finding.isNew ? <span className="badge badge--running">new</span> : null}
        </button>
      </h4>
      {open ? (
        <div id={bodyId} className="finding__body stack">
          <p>{finding.detail}</p>
          {extra}
          <FindingFix code={finding.code} />
          <h4>Evidence</h4>
          <EvidenceViewer evidence={finding.evidence} />
        </div>
      ) : null}
    </li>
  );
}

/**
 * A run's findings grouped by probe, worst first, one page at a time so a run with thousands
 * of findings renders only what is on screen. Evidence renders when a finding is opened.
 */
export function FindingsList<F extends ListedFinding>({
  findings,
  pageSize = 25,
  renderExtra,
  emptyText = 'No findings.',
}: FindingsListProps<F>) {
  const [severity, setSeverity] = useState<Severity | 'all'>('all');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const filterId = useId();

  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return findings.filter(
      (finding) =>
        (severity === 'all' || finding.severity === severity) &&
        (needle === '' ||
          `${finding.code} ${finding.route} ${finding.title}`.toLowerCase().includes(needle)),
    );
  }, [findings, severity, search]);
  const groups = useMemo(() => groupFindings(filtered), [filtered]);
  const pages = pageCount(filtered.length, pageSize);
  const current = Math.min(page, pages);
  const slices = useMemo(
    () => pageOfGroups(groups, current, pageSize),
    [groups, current, pageSize],
  );

  return (
    <section aria-label="Findings list" className="stack">
      <div className="row">
        <div className="field">
          <label htmlFor={`${filterId}-severity`}>Severity</label>
          <select
            id={`${filterId}-severity`}
            value={severity}
            onChange={(event) => {
              setSeverity(event.target.value as Severity | 'all');
              setPage(1);
            }}
          >
            <option value="all">All severities</option>
            {SEVERITIES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${filterId}-search`}>Search code, route or title</label>
          <input
            id={`${filterId}-search`}
            type="search"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage(1);
            }}
          />
        </div>
      </div>
      <p className="muted" aria-live="polite">
        {filtered.length === findings.length
          ? `${findings.length} finding${findings.length === 1 ? '' : 's'}`
          : `${filtered.length} of ${findings.length} findings match`}
      </p>
      {filtered.length === 0 ? (
        <p>{findings.length === 0 ? emptyText : 'No finding matches the filter.'}</p>
      ) : (
        slices.map((slice) => (
          <section key={slice.probe} aria-label={`${slice.probe} findings`}>
            <h3>
              {slice.probe}{' '}
              <span className="muted">
                ({slice.total}){slice.continued ? ', continued' : ''}
              </span>
            </h3>
            <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {slice.findings.map((finding) => (
                <FindingRow key={finding.id} finding={finding} extra={renderExtra?.(finding)} />
              ))}
            </ul>
          </section>
        ))
      )}
      <Pagination page={current} pageCount={pages} onPage={setPage} label="Findings pages" />
    </section>
  );
}
