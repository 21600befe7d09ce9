/** A run or verification status as a coloured badge; the word is always shown too. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${status}`}>{status}</span>;
}
