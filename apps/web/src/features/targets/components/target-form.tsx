import { parseConfigDocument, type ConfigIssue } from '@shakedown/core/config';
import { isApiError } from '@shakedown/core/contract';
import { useId, useState, type FormEvent } from 'react';

import { ErrorMessage } from '../../../components/states';
import { TextField } from '../../../components/text-field';
import { AuthFields } from './auth-fields';
import {
  EMPTY_TARGET_FORM,
  emptyRoute,
  FORM_METHODS,
  formToConfig,
  type FormMethod,
  type RouteFormValues,
  type TargetFormValues,
} from '../utils/form-to-config';

export interface TargetFormProps {
  /** Called with the config document once core's schema accepts it. */
  onSubmit: (document: Record<string, unknown>) => void;
  /** Opens the full config in the YAML editor, starting from what the form holds. */
  onEditAsYaml?: (document: Record<string, unknown>) => void;
  pending?: boolean;
  error?: unknown;
  initialValues?: TargetFormValues;
  /** Paths of the YAML the form has no field for: said above the fields, and kept. */
  kept?: readonly string[];
  /** The form's name and its submit button's, when it does not register (the edit page). */
  label?: string;
  submitLabel?: string;
}

const MAX_ROUTES = 20;

/** Issues of the API's `invalid_config` answer, or of core's check here, keyed by path. */
function issuesByPath(issues: readonly ConfigIssue[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const issue of issues) if (!map.has(issue.path)) map.set(issue.path, issue.message);
  return map;
}

function RouteFields({
  index,
  route,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  route: RouteFormValues;
  errors: Map<string, string>;
  onChange: (route: RouteFormValues) => void;
  onRemove?: () => void;
}) {
  const id = useId();
  const at = (field: string) => errors.get(`routes[${index}].${field}`);
  const set = <K extends keyof RouteFormValues>(key: K, value: RouteFormValues[K]) =>
    onChange({ ...route, [key]: value });
  return (
    <fieldset>
      <legend>Route {index + 1}</legend>
      <div className="grid">
        <TextField
          label="Route id"
          value={route.id}
          onChange={(e) => set('id', e.target.value)}
          error={at('id')}
          hint="Unique name, e.g. create-order"
        />
        <div className="field">
          <label htmlFor={`${id}-method`}>Method</label>
          <select
            id={`${id}-method`}
            value={route.method}
            onChange={(e) => set('method', e.target.value as FormMethod)}
          >
            {FORM_METHODS.map((method) => (
              <option key={method}>{method}</option>
            ))}
          </select>
        </div>
        <TextField
          label="Path"
          value={route.path}
          onChange={(e) => set('path', e.target.value)}
          error={at('path')}
          hint="e.g. /orders"
        />
      </div>
      {route.method !== 'GET' && route.method !== 'DELETE' ? (
        <div className="field">
          <label htmlFor={`${id}-body`}>Sample body (JSON)</label>
          <textarea
            id={`${id}-body`}
            rows={3}
            value={route.body}
            onChange={(e) => set('body', e.target.value)}
            aria-invalid={at('body') ? true : undefined}
            aria-describedby={`${id}-body-hint${at('body') ? ` ${id}-body-error` : ''}`}
          />
          <span id={`${id}-body-hint`} className="field__hint">
            A valid request body; probes vary it (extra fields, wrong types, padding).
          </span>
          {at('body') ? (
            <span id={`${id}-body-error`} className="field__error">
              {at('body')}
            </span>
          ) : null}
        </div>
      ) : null}
      <div className="grid">
        <TextField
          label="Largest body you mean to accept"
          value={route.maxBodyBytes}
          onChange={(e) => set('maxBodyBytes', e.target.value)}
          error={at('maxBodyBytes')}
          hint="e.g. 16KB; empty for 1MB"
        />
        <TextField
          label="Created id (JSON Pointer)"
          value={route.idPath}
          onChange={(e) => set('idPath', e.target.value)}
          error={at('resource.idPath')}
          hint="e.g. /id; enables duplicate and read-back checks"
        />
        <TextField
          label="Read path"
          value={route.readPath}
          onChange={(e) => set('readPath', e.target.value)}
          error={at('resource.read.path')}
          hint="e.g. /orders/{id}"
        />
      </div>
      <div className="row">
        <label>
          <input
            type="checkbox"
            checked={route.rateLimitExpected}
            onChange={(e) => set('rateLimitExpected', e.target.checked)}
          />{' '}
          This route should be rate limited
        </label>
        {onRemove ? (
          <button type="button" className="secondary" onClick={onRemove}>
            Remove route {index + 1}
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}

/** Registering a target, the common case: base URL, a few routes, optionally two tenants. */
export function TargetForm({
  onSubmit,
  onEditAsYaml,
  pending = false,
  error,
  initialValues = EMPTY_TARGET_FORM,
  kept = [],
  label = 'Register a target',
  submitLabel = 'Register target',
}: TargetFormProps) {
  const [values, setValues] = useState<TargetFormValues>(initialValues);
  const [issues, setIssues] = useState<ConfigIssue[]>([]);

  const apiIssues: ConfigIssue[] =
    isApiError(error) && error.details?.issues
      ? error.details.issues.map((issue) => ({
          path: issue.path.replace(/^body\.?/, ''),
          message: issue.message,
        }))
      : [];
  const errors = issuesByPath([...issues, ...apiIssues]);
  const at = (path: string) => errors.get(path);
  const known = (path: string) =>
    /^target\.(name|baseUrl)$/.test(path) ||
    /^routes\[\d+\]\.(id|path|body|maxBodyBytes|resource\.idPath|resource\.read\.path)$/.test(path);
  const others = [...errors].filter(([path]) => !known(path));

  function check(): Record<string, unknown> | undefined {
    const built = formToConfig(values);
    if (!built.ok) {
      setIssues(built.issues);
      return undefined;
    }
    const parsed = parseConfigDocument(built.document);
    setIssues(parsed.ok ? [] : parsed.issues);
    return parsed.ok ? built.document : undefined;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const document = check();
    if (document) onSubmit(document);
  }

  const setRoute = (index: number) => (route: RouteFormValues) =>
    setValues((current) => ({
      ...current,
      routes: current.routes.map((r, i) => (i === index ? route : r)),
    }));

  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      {error ? <ErrorMessage error={error} title="Could not register the target" /> : null}
      {others.length > 0 ? (
        <ul className="alert alert--error" aria-label="Other problems">
          {others.map(([path, message]) => (
            <li key={path}>
              {path ? <code>{path}</code> : null} {message}
            </li>
          ))}
        </ul>
      ) : null}
      {kept.length > 0 ? (
        <div className="alert alert--info" role="note" aria-label="Kept from the YAML">
          <strong>The YAML has settings this form has no field for.</strong> They are kept as
          written and come back in the YAML and in what you register:
          <ul>
            {kept.map((path) => (
              <li key={path}>
                <code>{path}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid">
        <TextField
          label="Target name"
          value={values.name}
          onChange={(e) => setValues({ ...values, name: e.target.value })}
          error={at('target.name')}
          hint="e.g. orders-api"
        />
        <TextField
          label="Base URL"
          type="url"
          value={values.baseUrl}
          onChange={(e) => setValues({ ...values, baseUrl: e.target.value })}
          error={at('target.baseUrl')}
          hint="e.g. https://api.example.com"
        />
      </div>
      {values.routes.map((route, index) => (
        <RouteFields
          key={index}
          index={index}
          route={route}
          errors={errors}
          onChange={setRoute(index)}
          onRemove={
            values.routes.length > 1
              ? () => setValues({ ...values, routes: values.routes.filter((_, i) => i !== index) })
              : undefined
          }
        />
      ))}
      {values.routes.length < MAX_ROUTES ? (
        <button
          type="button"
          className="secondary"
          onClick={() =>
            setValues({ ...values, routes: [...values.routes, emptyRoute(values.routes.length)] })
          }
        >
          Add a route
        </button>
      ) : null}
      <AuthFields auth={values.auth} onChange={(auth) => setValues({ ...values, auth })} />
      <div className="row">
        <button type="submit" disabled={pending}>
          {pending ? 'Registering…' : submitLabel}
        </button>
        {onEditAsYaml ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              const built = formToConfig(values);
              if (built.ok) onEditAsYaml(built.document);
              else setIssues(built.issues);
            }}
          >
            Edit the full config as YAML
          </button>
        ) : null}
      </div>
    </form>
  );
}
