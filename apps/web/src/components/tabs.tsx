/** One tab of a {@link TabList}; its panel is `panel-<id>`, labelled by `tab-<id>`. */
export interface TabItem<Id extends string> {
  id: Id;
  label: string;
}

/** The tabs pattern: one tab in the Tab order, arrow keys move between them. */
export function TabList<Id extends string>({
  tabs,
  selected,
  onSelect,
  label,
}: {
  tabs: readonly TabItem<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
  label: string;
}) {
  return (
    <div role="tablist" aria-label={label} className="tabs">
      {tabs.map((item) => (
        <button
          key={item.id}
          type="button"
          role="tab"
          id={`tab-${item.id}`}
          aria-selected={selected === item.id}
          aria-controls={`panel-${item.id}`}
          tabIndex={selected === item.id ? 0 : -1}
          onClick={() => onSelect(item.id)}
          onKeyDown={(event) => {
            const index = tabs.findIndex((candidate) => candidate.id === selected);
            const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
            if (step !== 0) {
              const next = tabs[(index + step + tabs.length) % tabs.length]!;
              onSelect(next.id);
              document.getElementById(`tab-${next.id}`)?.focus();
            }
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
