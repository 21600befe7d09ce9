import { hasRole, WEBHOOK_EVENT_TYPES, type WebhookEndpoint } from '@shakedown/core/contract';
import { useState } from 'react';

import { EmptyState, ErrorMessage, Loading } from '../../components/states';
import { SecretReveal } from '../../features/orgs/components/secret-reveal';
import { useCreateWebhook } from '../../features/webhooks/api/create-webhook';
import { useDeleteWebhook } from '../../features/webhooks/api/delete-webhook';
import { useDeliveries } from '../../features/webhooks/api/list-deliveries';
import { useWebhooks } from '../../features/webhooks/api/list-webhooks';
import { useRotateWebhookSecret } from '../../features/webhooks/api/rotate-webhook-secret';
import { useTestWebhook } from '../../features/webhooks/api/test-webhook';
import { useUpdateWebhook } from '../../features/webhooks/api/update-webhook';
import { DeliveriesTable } from '../../features/webhooks/components/deliveries-table';
import { WebhookForm } from '../../features/webhooks/components/webhook-form';
import { useCurrentOrg } from '../../lib/current-org';

function Deliveries({ orgId, endpointId }: { orgId: string; endpointId: string }) {
  const deliveries = useDeliveries(orgId, endpointId);
  if (deliveries.isPending) return <Loading label="Loading deliveries…" />;
  if (deliveries.isError)
    return <ErrorMessage error={deliveries.error} title="Could not load deliveries" />;
  return <DeliveriesTable deliveries={deliveries.data.items} />;
}

function Endpoint({
  orgId,
  endpoint,
  canManage,
}: {
  orgId: string;
  endpoint: WebhookEndpoint;
  canManage: boolean;
}) {
  const update = useUpdateWebhook(orgId);
  const remove = useDeleteWebhook(orgId);
  const rotate = useRotateWebhookSecret(orgId);
  const test = useTestWebhook(orgId);
  const [secret, setSecret] = useState<string | null>(null);
  const error = update.error ?? remove.error ?? rotate.error ?? test.error;

  return (
    <article className="card stack" aria-label={`Endpoint ${endpoint.url}`}>
      <div className="page-head">
        <h3 style={{ margin: 0, wordBreak: 'break-all' }}>{endpoint.url}</h3>
        <span className={`badge badge--${endpoint.enabled ? 'ok' : 'failed'}`}>
          {endpoint.enabled ? 'enabled' : 'disabled'}
        </span>
      </div>
      {endpoint.description ? <p>{endpoint.description}</p> : null}
      <p>
        Events:{' '}
        {WEBHOOK_EVENT_TYPES.filter((type) => endpoint.events.includes(type)).map((type) => (
          <code key={type} style={{ marginRight: '0.5rem' }}>
            {type}
          </code>
        ))}
      </p>
      {endpoint.disabledReason ? (
        <p className="alert alert--error">Disabled: {endpoint.disabledReason}</p>
      ) : null}
      {endpoint.consecutiveFailures > 0 ? (
        <p className="muted">{endpoint.consecutiveFailures} failed deliveries in a row.</p>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {secret ? (
        <SecretReveal
          title="New signing secret"
          secret={secret}
          onDismiss={() => setSecret(null)}
        />
      ) : null}
      {test.isSuccess ? (
        <p role="status" className="alert alert--ok">
          Test event queued; it appears in the delivery log below.
          {endpoint.enabled ? '' : ' If the endpoint answers 2xx, it is enabled again.'}
        </p>
      ) : null}
      {canManage ? (
        <div className="row">
          <button type="button" onClick={() => test.mutate(endpoint.id)} disabled={test.isPending}>
            {test.isPending
              ? 'Sending…'
              : endpoint.enabled
                ? 'Send test event'
                : 'Re-enable with a test event'}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={rotate.isPending}
            onClick={() => {
              if (
                window.confirm('Rotate the signing secret? Update your receiver with the new one.')
              ) {
                rotate.mutate(endpoint.id, { onSuccess: ({ secret: next }) => setSecret(next) });
              }
            }}
          >
            Rotate secret
          </button>
          {endpoint.enabled ? (
            <button
              type="button"
              className="secondary"
              onClick={() => update.mutate({ id: endpoint.id, enabled: false })}
            >
              Disable
            </button>
          ) : null}
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (window.confirm(`Delete the endpoint ${endpoint.url}?`))
                remove.mutate(endpoint.id);
            }}
          >
            Delete
          </button>
        </div>
      ) : null}
      <details open>
        <summary>Delivery log</summary>
        <Deliveries orgId={orgId} endpointId={endpoint.id} />
      </details>
    </article>
  );
}

export default function WebhooksPage() {
  const { orgId, membership } = useCurrentOrg();
  const canManage = hasRole(membership.role, 'admin');
  const webhooks = useWebhooks(orgId);
  const create = useCreateWebhook(orgId);
  const [secret, setSecret] = useState<string | null>(null);

  return (
    <div>
      <h1>Webhooks</h1>
      <p className="muted">
        Shakedown posts signed events (Standard Webhooks) when runs complete, regress or fail, and
        retries failed deliveries for about a day.
      </p>
      {secret ? (
        <SecretReveal
          title="Signing secret of the new endpoint"
          secret={secret}
          onDismiss={() => setSecret(null)}
        >
          <p>Verify each delivery’s signature with it.</p>
        </SecretReveal>
      ) : null}
      {canManage ? (
        <section className="card">
          <WebhookForm
            pending={create.isPending}
            error={create.error}
            onSubmit={(values) =>
              create.mutate(values, { onSuccess: ({ secret: next }) => setSecret(next) })
            }
          />
        </section>
      ) : (
        <p className="muted">Only owners and admins can manage webhooks.</p>
      )}
      {webhooks.isPending ? (
        <Loading />
      ) : webhooks.isError ? (
        <ErrorMessage
          error={webhooks.error}
          title="Could not load webhooks"
          onRetry={() => void webhooks.refetch()}
        />
      ) : webhooks.data.items.length === 0 ? (
        <EmptyState title="No endpoints yet" />
      ) : (
        webhooks.data.items.map((endpoint) => (
          <Endpoint key={endpoint.id} orgId={orgId} endpoint={endpoint} canManage={canManage} />
        ))
      )}
    </div>
  );
}
