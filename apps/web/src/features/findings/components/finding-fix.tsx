import { CATALOGUE, isFindingCode } from '@shakedown/core/findings';

/** Why a finding matters and how to fix it, from the probe catalogue. */
export function FindingFix({ code }: { code: string }) {
  if (!isFindingCode(code)) {
    return <p className="muted">The catalogue has no entry for {code}.</p>;
  }
  const entry = CATALOGUE[code];
  return (
    <section aria-label={`How to fix ${code}`} className="stack">
      <h4>{entry.name}</h4>
      <div>
        <strong>Why it matters.</strong> {entry.why}
      </div>
      <div>
        <strong>How to fix it.</strong> {entry.fix}
      </div>
      <details>
        <summary>What the probe does</summary>
        <p>
          <strong>Sends:</strong> {entry.sends}
        </p>
        <p>
          <strong>Fails when:</strong> {entry.failsWhen}
        </p>
      </details>
    </section>
  );
}
