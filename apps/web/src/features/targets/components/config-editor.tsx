import type { ConfigIssue, ParseConfigResult } from '@shakedown/core/config';
import { useEffect, useId, useMemo, useRef, useState } from 'react';

interface ConfigEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Told the outcome of each check, so the page can allow saving only a valid config. */
  onResult?: (result: ParseConfigResult) => void;
  label?: string;
}

type Check = { state: 'checking' } | { state: 'done'; issues: ConfigIssue[] };

/** Milliseconds of quiet typing before the config is checked again. */
export const CHECK_DELAY_MS = 250;

/** The character offset where a (1-based) line starts. */
export function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}

/**
 * The full target config as YAML (or JSON), checked with core's schema as you type; each
 * problem is shown at its line, and choosing it moves the cursor there.
 */
export function ConfigEditor({
  value,
  onChange,
  onResult,
  label = 'Target config (YAML)',
}: ConfigEditorProps) {
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const [check, setCheck] = useState<Check>({ state: 'checking' });
  const onResultRef = useRef(onResult);
  onResultRef.current = onResult;

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      // The parser (and the YAML library) load with the first check, not with the page.
      void import('@shakedown/core/config/parse-config').then(({ parseConfigText }) => {
        if (cancelled) return;
        const result = parseConfigText(value);
        setCheck({ state: 'done', issues: result.ok ? [] : result.issues });
        onResultRef.current?.(result);
      });
    }, CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [value]);

  const issues = useMemo(() => (check.state === 'done' ? check.issues : []), [check]);
  const lineCount = value.split('\n').length;
  const errorLines = useMemo(() => new Set(issues.map((issue) => issue.line)), [issues]);

  function jumpTo(line: number) {
    const element = textarea.current;
    if (!element) return;
    const offset = lineOffset(value, line);
    element.focus();
    element.setSelectionRange(offset, offset);
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="editor">
        <div className="editor__gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, index) => (
            <div key={index} className={errorLines.has(index + 1) ? 'has-error' : undefined}>
              {index + 1}
            </div>
          ))}
        </div>
        <textarea
          id={id}
          ref={textarea}
          value={value}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          rows={Math.min(Math.max(lineCount + 1, 12), 40)}
          aria-invalid={issues.length > 0 ? true : undefined}
          aria-describedby={`${id}-status`}
          onChange={(event) => {
            setCheck({ state: 'checking' });
            onChange(event.target.value);
          }}
          onScroll={(event) => {
            if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
          }}
        />
      </div>
      <div id={`${id}-status`} aria-live="polite">
        {check.state === 'checking' ? (
          <span className="muted">Checking…</span>
        ) : issues.length === 0 ? (
          <span className="badge badge--ok">Valid config</span>
        ) : (
          <span className="field__error">
            {issues.length} problem{issues.length === 1 ? '' : 's'} in the config
          </span>
        )}
      </div>
      {issues.length > 0 ? (
        <ul aria-label="Config problems" className="stack" style={{ paddingLeft: '1rem' }}>
          {issues.map((issue, index) => (
            <li key={index} className="field__error">
              {issue.line !== undefined ? (
                <button type="button" className="link" onClick={() => jumpTo(issue.line!)}>
                  Line {issue.line}
                </button>
              ) : null}
              {issue.line !== undefined ? ': ' : ''}
              {issue.path ? <code>{issue.path}</code> : null}
              {issue.path ? ' ' : ''}
              {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
