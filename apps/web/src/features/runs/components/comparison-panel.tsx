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

/** The first run's note: its findings are the baseline, and a clean first run says so. */
function firstRunNote(comparison: RunComparison): string {
  return comparison.firstSeen.length === 0
    ? 'This is the target’s first completed run, and it found nothing: the next runs are compared with it.'
    : 'This is the target’s first completed run: its findings are the baseline the next runs are compared with.';
}

/**
 * What changed, like with like: each check against its latest earlier decision. A finding is
 * resolved only when this run executed its check and it passed; otherwise it is not re-tested.
 */
export function ComparisonPanel({ comparison }: { comparison: RunComparison }) {
  const first = comparison.previousRunId === null;
  return (
    <section className="card" aria-labelledby="comparison-heading">
      <h2 id="comparison-heading">Compared with earlier runs</h2>
      {first ? <p className="muted">{firstRunNote(comparison)}</p> : null}
      <div className="grid">
        <BriefList title="New" items={comparison.new} empty="No regression." />
        <BriefList title="Resolved" items={comparison.resolved} empty="Nothing was resolved." />
        <BriefList
          title="Persisting"
          items={comparison.persisting}
          empty="No finding carried over."
        />
        {first ? null : (
          <BriefList
            title="First seen"
            items={comparison.firstSeen}
            empty="No check failed for the first time."
          />
        )}
        <BriefList
          title="Not re-tested"
          items={comparison.notRetested}
          empty="Every earlier finding was re-tested."
        />
      </div>
    </section>
  );
}
