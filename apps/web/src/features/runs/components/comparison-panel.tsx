import type { FindingBrief, RunComparison } from '@shakedown/core/contract';

import { SeverityBadge } from '../../../components/severity-badge';

function BriefList({
  title,
  items,
  empty,
}: {
  title: string;
  items: FindingBrief[];
  empty: string;
}) {
  return (
    <section aria-label={`${title} findings`}>
      <h3>
        {title} <span className="muted">({items.length})</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul style={{ paddingLeft: '1rem' }}>
          {items.map((item) => (
            <li key={item.id}>
              <SeverityBadge severity={item.severity} /> {item.title}{' '}
              <code className="muted">{item.code}</code>{' '}
              <span className="muted">on {item.route}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What changed since the target's previous completed run. */
export function ComparisonPanel({ comparison }: { comparison: RunComparison }) {
  return (
    <section className="card" aria-labelledby="comparison-heading">
      <h2 id="comparison-heading">Compared with the previous run</h2>
      {comparison.previousRunId === null ? (
        <p className="muted">This is the target’s first completed run: every finding is new.</p>
      ) : null}
      <div className="grid">
        <BriefList title="New" items={comparison.new} empty="No new findings." />
        <BriefList title="Resolved" items={comparison.resolved} empty="Nothing was resolved." />
        <BriefList
          title="Persisting"
          items={comparison.persisting}
          empty="No finding carried over."
        />
      </div>
    </section>
  );
}
