import type { ConfigIssue } from '@shakedown/core/config';
import { useState } from 'react';

import { yamlToForm } from '../utils/config-yaml';
import { EMPTY_TARGET_FORM, type TargetFormValues } from '../utils/form-to-config';

export interface FormSeed {
  values: TargetFormValues;
  kept: string[];
  /** Changes whenever the YAML is read into the form: the form's `key`, so it starts again. */
  key: number;
}

/**
 * The YAML → Form direction of a page with both: `toForm` reads the YAML into the form (unless
 * the form already shows that YAML) and calls `open` once it does, or keeps the YAML's first
 * problem for `<YamlProblem>` when it is not valid.
 */
export function useYamlToForm(initiallyShown: string) {
  const [shownYaml, setShownYaml] = useState(initiallyShown);
  const [seed, setSeed] = useState<FormSeed>({ values: EMPTY_TARGET_FORM, kept: [], key: 0 });
  const [problem, setProblem] = useState<ConfigIssue | null>(null);

  function toForm(yaml: string, open: () => void) {
    if (yaml === shownYaml) {
      setProblem(null);
      open();
      return;
    }
    void yamlToForm(yaml).then((result) => {
      if (!result.ok) {
        setProblem(result.issues[0] ?? { path: '', message: 'The config is not valid.' });
        return;
      }
      setSeed((current) => ({ values: result.values, kept: result.kept, key: current.key + 1 }));
      setShownYaml(yaml);
      setProblem(null);
      open();
    });
  }

  return {
    seed,
    problem,
    toForm,
    /** The form wrote this YAML itself: it already shows it. */
    formWrote: setShownYaml,
    clearProblem: () => setProblem(null),
  };
}

/** Why the YAML could not be shown in the form: its first problem, with its line. */
export function YamlProblem({ problem }: { problem: ConfigIssue | null }) {
  if (!problem) return null;
  return (
    <p className="alert alert--error" role="alert">
      The form can show this config once it is valid.{' '}
      {problem.line !== undefined ? `Line ${problem.line}: ` : ''}
      {problem.path ? <code>{problem.path}</code> : null} {problem.message}
    </p>
  );
}
