import { ErrorCode, isApiError } from '@shakedown/core/contract';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { paths } from '../config/paths';
import { codeText, humanIssue } from '../lib/error-text';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p role="status" className="muted">
      {label}
    </p>
  );
}

/** An error as the API gave it: its message, and the request id support needs to find it. */
export function ErrorMessage({
  error,
  title = 'Something went wrong',
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const message = isApiError(error)
    ? error.message
    : error instanceof Error
      ? error.message
      : 'An unexpected error happened.';
  const human = codeText(error);
  const code = isApiError(error) ? error.code : undefined;
  return (
    <div role="alert" className="alert alert--error">
      <strong>{title}:</strong> {human ?? message}
      {human && human !== message ? <div className="muted">{message}</div> : null}
      {code === ErrorCode.notFound ? (
        <div>
          <Link to={paths.targets}>Go to your targets</Link>
        </div>
      ) : code === ErrorCode.forbidden ? (
        <div>
          <Link to={paths.members}>See the members and their roles</Link>
        </div>
      ) : code === ErrorCode.unauthenticated ? (
        <div>
          <Link to={paths.signIn}>Sign in</Link>
        </div>
      ) : null}
      {isApiError(error) && error.requestId ? (
        <div className="muted">
          Request id <code>{error.requestId}</code>
          {error.code ? (
            <>
              {' '}
              · code <code>{error.code}</code>
            </>
          ) : null}
        </div>
      ) : null}
      {onRetry ? (
        <div>
          <button type="button" className="secondary" onClick={onRetry}>
            Try again
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="card">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** The issues of a `validation_failed`/`invalid_config` answer for one form field. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!isApiError(error)) return undefined;
  const issue = error.details?.issues?.find(
    (candidate) => candidate.path === field || candidate.path === `body.${field}`,
  );
  return issue ? humanIssue(issue.message) : undefined;
}

/** What a page shows while its main query loads or after it failed (with a retry). */
export function QueryGate({
  query,
  loading,
  title,
}: {
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  loading: string;
  title: string;
}) {
  if (query.isPending) return <Loading label={loading} />;
  return <ErrorMessage error={query.error} title={title} onRetry={() => void query.refetch()} />;
}
