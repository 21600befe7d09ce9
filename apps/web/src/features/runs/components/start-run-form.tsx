import { PROBE_NAMES, type ProbeName } from '@shakedown/core/config';
import { useState, type FormEvent } from 'react';

import { ErrorMessage } from '../../../components/states';

const PROBE_HELP: Record<ProbeName, string> = {
  idempotency: 'retries and duplicate clicks',
  schema: 'unknown fields, wrong types, deep nesting, malformed JSON',
  tenant: 'one customer reading or changing another’s data',
  errors: 'stack traces and internal paths in answers',
  payload: 'oversized bodies',
  ratelimit: 'missing or bypassable throttles',
  load: 'behaviour under the configured load',
};

interface StartRunFormProps {
  /** `undefined` runs every probe the config allows. */
  onSubmit: (probes: ProbeName[] | undefined) => void;
  pending?: boolean;
  error?: unknown;
  disabledReason?: string;
}

export function StartRunForm({
  onSubmit,
  pending = false,
  error,
  disabledReason,
}: StartRunFormProps) {
  const [mode, setMode] = useState<'all' | 'some'>('all');
  const [chosen, setChosen] = useState<ProbeName[]>([]);
  const [problem, setProblem] = useState<string>();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (mode === 'some' && chosen.length === 0) {
      setProblem('Choose at least one probe, or run them all.');
      return;
    }
    setProblem(undefined);
    // Keep the engine's order, whatever order the boxes were ticked in.
    onSubmit(mode === 'all' ? undefined : PROBE_NAMES.filter((probe) => chosen.includes(probe)));
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Start a run">
      {error ? <ErrorMessage error={error} title="Could not start the run" /> : null}
      <fieldset>
        <legend>Probes</legend>
        <label className="row">
          <input
            type="radio"
            name="probe-mode"
            checked={mode === 'all'}
            onChange={() => setMode('all')}
          />{' '}
          All probes the config allows
        </label>
        <label className="row">
          <input
            type="radio"
            name="probe-mode"
            checked={mode === 'some'}
            onChange={() => setMode('some')}
          />{' '}
          Only some
        </label>
        {mode === 'some' ? (
          <div
            className="grid"
            role="group"
            aria-label="Probes to run"
            aria-describedby={problem ? 'start-run-problem' : undefined}
          >
            {PROBE_NAMES.map((probe) => (
              <label key={probe}>
                <input
                  type="checkbox"
                  checked={chosen.includes(probe)}
                  onChange={(event) =>
                    setChosen((current) =>
                      event.target.checked
                        ? [...current, probe]
                        : current.filter((p) => p !== probe),
                    )
                  }
                />{' '}
                <strong>{probe}</strong> <span className="muted">— {PROBE_HELP[probe]}</span>
              </label>
            ))}
          </div>
        ) : null}
        {problem ? (
          <p id="start-run-problem" className="field__error">
            {problem}
          </p>
        ) : null}
      </fieldset>
      {disabledReason ? <p className="muted">{disabledReason}</p> : null}
      <button type="submit" disabled={pending || disabledReason !== undefined}>
        {pending ? 'Starting…' : 'Start run'}
      </button>
    </form>
  );
}
