import type { WarningLevel } from '@shakedown/core/estimator';

const MEANING: Record<WarningLevel, string> = {
  Low: 'under 1 GB of stored growth',
  Medium: 'between 1 GB and 10 GB of stored growth',
  High: '10 GB or more of stored growth',
};

/** The warning level as a coloured badge; the word carries the meaning, not the colour. */
export function WarningBadge({ level }: { level: WarningLevel }) {
  return (
    <span className={`badge badge--warn-${level}`} title={MEANING[level]}>
      {level}
    </span>
  );
}
