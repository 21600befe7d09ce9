import type { FormSeed } from '../hooks/use-yaml-to-form';
import { TargetForm, type TargetFormProps } from './target-form';

/**
 * The Form tab's panel: the form, started again from `seed` each time the YAML is read into it
 * (`useYamlToForm`). It stays mounted while hidden, so what was typed survives a tab switch.
 */
export function FormTabPanel({
  hidden,
  seed,
  ...props
}: { hidden: boolean; seed: FormSeed } & Omit<TargetFormProps, 'initialValues' | 'kept'>) {
  return (
    <div
      role="tabpanel"
      id="panel-form"
      aria-labelledby="tab-form"
      className="card"
      hidden={hidden}
    >
      <TargetForm key={seed.key} initialValues={seed.values} kept={seed.kept} {...props} />
    </div>
  );
}
