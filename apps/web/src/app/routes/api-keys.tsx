import { hasRole } from '@shakedown/core/contract';
import { useState } from 'react';

import { EmptyState, ErrorMessage, Loading } from '../../components/states';
import { useCreateApiKey } from '../../features/orgs/api/create-api-key';
import { useApiKeys } from '../../features/orgs/api/list-api-keys';
import { useRevokeApiKey } from '../../features/orgs/api/revoke-api-key';
import { ApiKeyForm } from '../../features/orgs/components/api-key-form';
import { SecretReveal } from '../../features/orgs/components/secret-reveal';
import { useCurrentOrg } from '../../lib/current-org';

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
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Role</th>
                  <th scope="col">Created by</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.items.map((key) => (
                  <tr key={key.id}>
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
                    <td>
                      {canManage && !key.revokedAt ? (
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => {
                            if (
                              window.confirm(
                                `Revoke the key "${key.name}"? Anything using it stops working.`,
                              )
                            ) {
                              revoke.mutate(key.id);
                            }
                          }}
                        >
                          Revoke<span className="visually-hidden"> {key.name}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
