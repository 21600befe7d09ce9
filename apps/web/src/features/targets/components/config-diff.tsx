import type { DiffLine } from '../utils/line-diff';

const MARKS = { same: ' ', added: '+', removed: '-' } as const;

/** The config's changes before saving: added lines green, removed lines red, the rest dim. */
export function ConfigDiff({ lines }: { lines: readonly DiffLine[] }) {
  return (
    <pre className="config-diff" aria-label="Config changes">
      {lines.map((line, index) => (
        <span key={index} className={`config-diff__${line.kind}`}>
          {MARKS[line.kind]} {line.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
