import type { ParseConfigResult } from '@shakedown/core/config';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { ErrorMessage, QueryGate } from '../../components/states';
import { TabList, type TabItem } from '../../components/tabs';
import { targetHref } from '../../config/paths';
import { useTarget } from '../../features/targets/api/get-target';
import { useUpdateTarget } from '../../features/targets/api/update-target';
import { ConfigDiff } from '../../features/targets/components/config-diff';
import { ConfigEditor } from '../../features/targets/components/config-editor';
import { FormTabPanel } from '../../features/targets/components/form-tab-panel';
import { useYamlToForm, YamlProblem } from '../../features/targets/hooks/use-yaml-to-form';
import { configToYaml, yamlToDocument } from '../../features/targets/utils/config-yaml';
import { hasChanges, lineDiff } from '../../features/targets/utils/line-diff';
import { useCurrentOrg } from '../../lib/current-org';

type Tab = 'yaml' | 'form';
const TABS: TabItem<Tab>[] = [
  { id: 'yaml', label: 'YAML config' },
  { id: 'form', label: 'Form' },
];

/**
 * The editor, once the target is loaded: its config as YAML (or in the form, read from the
 * YAML and applied back to it), the diff, and Save.
 */
export function EditConfig({ targetId, original }: { targetId: string; original: string }) {
  const { orgId } = useCurrentOrg();
  const navigate = useNavigate();
  const update = useUpdateTarget(orgId, targetId);
  const [yaml, setYaml] = useState(original);
  const [result, setResult] = useState<ParseConfigResult | null>(null);
  const diff = useMemo(() => lineDiff(original, yaml), [original, yaml]);
  const changed = hasChanges(diff);
  const [tab, setTab] = useState<Tab>('yaml');
  const yamlForm = useYamlToForm('');

  function selectTab(next: Tab) {
    if (next === 'form') yamlForm.toForm(yaml, () => setTab('form'));
    else {
      yamlForm.clearProblem();
      setTab(next);
    }
  }

  return (
    <>
      <TabList tabs={TABS} selected={tab} onSelect={selectTab} label="How to edit the config" />
      <FormTabPanel
        hidden={tab !== 'form'}
        seed={yamlForm.seed}
        label="Edit the target config in the form"
        submitLabel="Apply to the YAML"
        onSubmit={(document) => {
          const text = configToYaml(document);
          yamlForm.formWrote(text);
          setYaml(text);
          setTab('yaml');
        }}
      />
      <div role="tabpanel" id="panel-yaml" aria-labelledby="tab-yaml" hidden={tab !== 'yaml'}>
        <form
          aria-label="Edit the target config"
          className="card stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (!result?.ok || !changed) return;
            update.mutate(yamlToDocument(yaml), {
              onSuccess: () => void navigate(targetHref(targetId)),
            });
          }}
        >
          {update.isError ? (
            <ErrorMessage error={update.error} title="Could not save the target" />
          ) : null}
          <YamlProblem problem={yamlForm.problem} />
          <ConfigEditor value={yaml} onChange={setYaml} onResult={setResult} />
          <section aria-labelledby="diff-heading">
            <h2 id="diff-heading">Changes</h2>
            {changed ? <ConfigDiff lines={diff} /> : <p className="muted">Nothing changed yet.</p>}
            <p className="muted">
              Saving keeps the target’s runs, findings and schedule. A new base URL origin asks for
              ownership to be proved again.
            </p>
          </section>
          <div className="row">
            <button type="submit" disabled={update.isPending || !changed || !result?.ok}>
              {update.isPending ? 'Saving…' : 'Save changes'}
            </button>
            <Link to={targetHref(targetId)}>Cancel</Link>
          </div>
        </form>
      </div>
    </>
  );
}

export default function EditTargetPage() {
  const { targetId = '' } = useParams();
  const { orgId } = useCurrentOrg();
  const target = useTarget(orgId, targetId);

  if (target.isPending || target.isError) {
    return (
      <QueryGate query={target} loading="Loading the target…" title="Could not load the target" />
    );
  }
  return (
    <div>
      <h1>Edit {target.data.name}</h1>
      <EditConfig targetId={targetId} original={configToYaml(target.data.config)} />
    </div>
  );
}
