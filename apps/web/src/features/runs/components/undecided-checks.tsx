import type { Check } from '@shakedown/core/report';

/** The checks a run skipped or could not complete, each with its reason, grouped by status. */
export function UndecidedChecks({ checks }: { checks: readonly Check[] }) {
  const undecided = checks.filter(
    (check) => check.status === 'skipped' || check.status === 'error',
  );
  if (undecided.length === 0) return null;
  return (
    <section className="card" aria-labelledby="undecided-heading">
      <h2 id="undecided-heading">Skipped and not completed checks ({undecided.length})</h2>
      <details open={undecided.length <= 20}>
        <summary>Every check that was not decided, with its reason</summary>
        <ul className="undecided-checks">
          {undecided.map((check, index) => (
            <li key={`${check.route}:${check.code}:${index}`}>
              <span className={`badge badge--${check.status === 'error' ? 'failed' : 'queued'}`}>
                {check.status === 'error' ? 'not completed' : 'skipped'}
              </span>{' '}
              <code>{check.code}</code> on <code>{check.route}</code>:{' '}
              {check.reason ?? 'no reason recorded'}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
