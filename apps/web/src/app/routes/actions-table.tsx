import type { ReactNode } from 'react';

/**
 * A table of the admin pages: one row per item, its `cells` under `headings`, then a last,
 * unlabelled column with the item's `action` (or nothing).
 */
export function ActionsTable<Item extends { id: string }>({
  headings,
  rows,
  cells,
  action,
}: {
  headings: string[];
  rows: readonly Item[];
  cells: (item: Item) => ReactNode;
  action: (item: Item) => ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {headings.map((heading) => (
              <th key={heading} scope="col">
                {heading}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((item) => (
            <tr key={item.id}>
              {cells(item)}
              <td>{action(item)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A row's action button: `label` shows, `subject` tells screen readers which row it acts on.
 * With `confirm`, it acts only once the user has said yes to that question.
 */
export function RowAction({
  label,
  subject,
  confirm,
  onAct,
}: {
  label: string;
  subject: string;
  confirm?: string;
  onAct: () => void;
}) {
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        if (confirm === undefined || window.confirm(confirm)) onAct();
      }}
    >
      {label}
      <span className="visually-hidden"> {subject}</span>
    </button>
  );
}
