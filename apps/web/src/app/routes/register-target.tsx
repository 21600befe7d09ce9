import type { ParseConfigResult } from '@shakedown/core/config';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { ErrorMessage } from '../../components/states';
import { TabList, type TabItem } from '../../components/tabs';
import { targetHref } from '../../config/paths';
import { useCreateTarget } from '../../features/targets/api/create-target';
import { useOpenApiDraft } from '../../features/targets/api/openapi-draft';
import { ConfigEditor } from '../../features/targets/components/config-editor';
import { OpenApiDraftReview } from '../../features/targets/components/openapi-draft-review';
import { OpenApiImport } from '../../features/targets/components/openapi-import';
import { FormTabPanel } from '../../features/targets/components/form-tab-panel';
import {
  CONFIG_TEMPLATE,
  configToYaml,
  yamlToDocument,
} from '../../features/targets/utils/config-yaml';
import { useYamlToForm, YamlProblem } from '../../features/targets/hooks/use-yaml-to-form';
import { useCurrentOrg } from '../../lib/current-org';

type Tab = 'form' | 'yaml' | 'openapi';
const TABS: TabItem<Tab>[] = [
  { id: 'form', label: 'Form' },
  { id: 'yaml', label: 'YAML config' },
  { id: 'openapi', label: 'Import OpenAPI' },
];

export default function RegisterTargetPage() {
  const { orgId } = useCurrentOrg();
  const navigate = useNavigate();
  const create = useCreateTarget(orgId);
  const draft = useOpenApiDraft(orgId);
  const [tab, setTab] = useState<Tab>('form');
  const [yaml, setYaml] = useState(CONFIG_TEMPLATE);
  const [yamlValid, setYamlValid] = useState<ParseConfigResult | null>(null);
  // The template is not read into the form; any other YAML is, on the way to the Form tab.
  const yamlForm = useYamlToForm(CONFIG_TEMPLATE);

  const register = (document: unknown) =>
    create.mutate(document, { onSuccess: (target) => void navigate(targetHref(target.id)) });

  function selectTab(next: Tab) {
    create.reset();
    if (tab === 'yaml' && next === 'form') {
      yamlForm.toForm(yaml, () => setTab('form'));
      return;
    }
    yamlForm.clearProblem();
    setTab(next);
  }

  function openYaml(text: string) {
    setYaml(text);
    selectTab('yaml');
  }

  return (
    <div>
      <h1>Register a target</h1>
      <p className="muted">
        Describe the API once; Shakedown runs its probes against it after you prove you own it.
      </p>
      <TabList tabs={TABS} selected={tab} onSelect={selectTab} label="How to describe the target" />
      {/* The form and the YAML editor stay mounted (hidden when not chosen): switching
          Form → YAML → Form keeps what was typed in each. */}
      <FormTabPanel
        hidden={tab !== 'form'}
        seed={yamlForm.seed}
        pending={create.isPending}
        error={tab === 'form' ? create.error : undefined}
        onSubmit={register}
        onEditAsYaml={(document) => {
          const text = configToYaml(document);
          yamlForm.formWrote(text);
          openYaml(text);
        }}
      />
      <div
        role="tabpanel"
        id="panel-yaml"
        aria-labelledby="tab-yaml"
        className="card"
        hidden={tab !== 'yaml'}
      >
        <form
          aria-label="Register from YAML"
          onSubmit={(event) => {
            event.preventDefault();
            if (yamlValid?.ok) register(yamlToDocument(yaml));
          }}
        >
          <YamlProblem problem={yamlForm.problem} />
          {tab === 'yaml' && create.error ? (
            <ErrorMessage error={create.error} title="Could not register the target" />
          ) : null}
          {draft.data && draft.data.warnings.length > 0 ? (
            <div className="alert alert--info">
              <strong>The OpenAPI import guessed or skipped:</strong>
              <ul>
                {draft.data.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <ConfigEditor value={yaml} onChange={setYaml} onResult={setYamlValid} />
          <button type="submit" disabled={create.isPending || !yamlValid?.ok}>
            {create.isPending ? 'Registering…' : 'Register target'}
          </button>
        </form>
      </div>
      {/* The import keeps nothing typed worth saving (a file), and its fields would share the
          form's labels: it is mounted only while chosen. */}
      {tab === 'openapi' ? (
        <div role="tabpanel" id="panel-openapi" aria-labelledby="tab-openapi" className="card">
          <OpenApiImport
            pending={draft.isPending}
            error={draft.error}
            onSubmit={(request) => draft.mutate(request)}
          />
          {draft.data ? (
            <OpenApiDraftReview
              draft={draft.data}
              onUse={(config) => openYaml(configToYaml(config))}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
