import { useState, type FormEvent } from 'react';

import type { OpenApiDraft } from '@shakedown/core/contract';
import { TextField } from '../../../components/text-field';
import { fillEnv } from '../utils/fill-env';

interface OpenApiDraftReviewProps {
  draft: OpenApiDraft;
  /** The draft config with the credentials filled in, ready for the YAML editor. */
  onUse: (config: Record<string, unknown>) => void;
}

/** What the scheme is for a `${NAME}`: `tenant A's http bearer`. */
function describeEnv(draft: OpenApiDraft, name: string): string | undefined {
  for (const scheme of draft.securitySchemes) {
    const index = scheme.env?.indexOf(name) ?? -1;
    if (index !== -1) return `Tenant ${index === 0 ? 'A' : 'B'}: ${scheme.description}`;
  }
  return undefined;
}

/**
 * The import's answer, for a person to judge: what was kept, what was left out and why, what to
 * check; then the two tenants' credentials (the only thing the draft needs) before it goes to
 * the editor. Credentials of two different customers' accounts: the tenant probes need both.
 */
export function OpenApiDraftReview({ draft, onUse }: OpenApiDraftReviewProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const routes = (draft.config.routes as unknown[] | undefined)?.length ?? 0;
  const operations = new Set(draft.kept.map((kept) => kept.operation)).size;

  function submit(event: FormEvent) {
    event.preventDefault();
    const empty = draft.env.filter((name) => !values[name]?.trim());
    setMissing(empty);
    if (empty.length === 0) onUse(fillEnv(draft.config, values));
  }

  return (
    <section aria-label="OpenAPI draft" className="stack">
      <h2>
        Draft of {draft.source.title || 'the API'}: {routes} route{routes === 1 ? '' : 's'} from{' '}
        {operations} of {draft.source.operations} operations
      </h2>
      <details open>
        <summary>Kept ({operations})</summary>
        <ul aria-label="Kept operations">
          {draft.kept.map((kept) => (
            <li key={`${kept.operation} ${kept.role}`}>
              <code>{kept.operation}</code> →{' '}
              {kept.role === 'route' ? `route ${kept.routeId}` : `${kept.role} of ${kept.routeId}`}
              {kept.public ? ' (public)' : ''}
            </li>
          ))}
        </ul>
      </details>
      <details open={draft.leftOut.length > 0}>
        <summary>Left out ({draft.leftOut.length})</summary>
        <ul aria-label="Left-out operations">
          {draft.leftOut.map((left) => (
            <li key={left.operation}>
              <code>{left.operation}</code>: {left.reason}
            </li>
          ))}
        </ul>
      </details>
      {draft.warnings.length > 0 ? (
        <div className="alert alert--info" role="status">
          <strong>Check these before registering:</strong>
          <ul>
            {draft.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form onSubmit={submit} noValidate aria-label="Tenants' credentials">
        {draft.env.length > 0 ? (
          <p className="muted">
            The credentials of two different customers&apos; accounts: the tenant checks act as one
            and try to reach the other&apos;s data.
          </p>
        ) : (
          <p className="muted">The document declares no credentials: every route is public.</p>
        )}
        {draft.env.map((name) => (
          <TextField
            key={name}
            label={name}
            type="password"
            autoComplete="off"
            value={values[name] ?? ''}
            onChange={(event) => setValues({ ...values, [name]: event.target.value })}
            hint={describeEnv(draft, name)}
            error={missing.includes(name) ? `Enter ${name}.` : undefined}
          />
        ))}
        <button type="submit">Use this draft</button>
      </form>
    </section>
  );
}
