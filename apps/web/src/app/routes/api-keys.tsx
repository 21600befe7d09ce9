import { hasRole } from '@shakedown/core/contract';
import { useState } from 'react';

import { EmptyState, ErrorMessage, Loading } from '../../components/states';
import { useCreateApiKey } from '../../features/orgs/api/create-api-key';
import { useApiKeys } from '../../features/orgs/api/list-api-keys';
import { useRevokeApiKey } from '../../features/orgs/api/revoke-api-key';
import { ApiKeyForm } from '../../features/orgs/components/api-key-form';
import { SecretReveal } from '../../features/orgs/components/secret-reveal';
import { useCurrentOrg } from '../../lib/current-org';

import { ActionsTable, RowAction } from './actions-table';

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

export default function ApiKeysPage() {
  const { orgId, membership } = useCurrentOrg();
  const canManage = hasRole(membership.role, 'admin');
  const keys = useApiKeys(orgId);
  const create = useCreateApiKey(orgId);
  const revoke = useRevokeApiKey(orgId);
  const [created, setCreated] = useState<string | null>(null);

  return (
    <div>
      <div className="page-head">
        <h1>API keys</h1>
      </div>
      <p className="muted">
        Keys let the CLI and CI start runs and read results: send one as{' '}
        <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>
      {created ? (
        <SecretReveal
          title="Your new API key"
          secret={created}
          onDismiss={() => setCreated(null)}
        />
      ) : null}
      {canManage ? (
        <section className="card" aria-label="New key">
          <ApiKeyForm
            pending={create.isPending}
            error={create.error}
            onSubmit={(values) =>
              create.mutate(values, { onSuccess: ({ key }) => setCreated(key) })
            }
          />
        </section>
      ) : (
        <p className="muted">Only owners and admins can create keys.</p>
      )}
      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys</h2>
        {revoke.isError ? (
          <ErrorMessage error={revoke.error} title="Could not revoke the key" />
        ) : null}
        {keys.isPending ? (
          <Loading />
        ) : keys.isError ? (
          <ErrorMessage error={keys.error} onRetry={() => void keys.refetch()} />
        ) : keys.data.items.length === 0 ? (
          <EmptyState title="No API keys yet">
            <p>Create one for your CI to run Shakedown on every deploy.</p>
          </EmptyState>
        ) : (
          <ActionsTable
            headings={['Name', 'Key', 'Role', 'Created by', 'Last used']}
            rows={keys.data.items}
            cells={(key) => (
              <>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{key.role}</td>
                <td>{key.createdBy?.email ?? 'a deleted user'}</td>
                <td>
                  {key.revokedAt
                    ? `revoked ${formatDate(key.revokedAt)}`
                    : formatDate(key.lastUsedAt)}
                </td>
              </>
            )}
            action={(key) =>
              canManage && !key.revokedAt ? (
                <RowAction
                  label="Revoke"
                  subject={key.name}
                  confirm={`Revoke the key "${key.name}"? Anything using it stops working.`}
                  onAct={() => revoke.mutate(key.id)}
                />
              ) : null
            }
          />
        )}
      </section>
    </div>
  );
}
