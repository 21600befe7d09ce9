import { hasRole, ROLES, type Role } from '@shakedown/core/contract';
import { useState } from 'react';

import { EmptyState, ErrorMessage, Loading } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { useCreateInvitation } from '../../features/orgs/api/create-invitation';
import { useInvitations } from '../../features/orgs/api/list-invitations';
import { useRevokeInvitation } from '../../features/orgs/api/revoke-invitation';
import { useMembers } from '../../features/orgs/api/list-members';
import { useRemoveMember } from '../../features/orgs/api/remove-member';
import { useUpdateMemberRole } from '../../features/orgs/api/update-member';
import { InviteForm } from '../../features/orgs/components/invite-form';
import { SecretReveal } from '../../features/orgs/components/secret-reveal';
import { useCurrentOrg } from '../../lib/current-org';

import { ActionsTable, RowAction } from './actions-table';

const formatDate = (iso: string) => new Date(iso).toLocaleDateString();

export default function MembersPage() {
  const { orgId, membership } = useCurrentOrg();
  const canManage = hasRole(membership.role, 'admin');
  const members = useMembers(orgId);
  const invitations = useInvitations(orgId);
  const updateRole = useUpdateMemberRole(orgId);
  const removeMember = useRemoveMember(orgId);
  const invite = useCreateInvitation(orgId);
  const revoke = useRevokeInvitation(orgId);
  const [link, setLink] = useState<string | null>(null);

  return (
    <div>
      <div className="page-head">
        <h1>Members of {membership.orgName}</h1>
      </div>
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        {updateRole.isError ? (
          <ErrorMessage error={updateRole.error} title="Could not change the role" />
        ) : null}
        {removeMember.isError ? (
          <ErrorMessage error={removeMember.error} title="Could not remove the member" />
        ) : null}
        {members.isPending ? (
          <Loading />
        ) : members.isError ? (
          <ErrorMessage error={members.error} onRetry={() => void members.refetch()} />
        ) : (
          <ActionsTable
            headings={['Name', 'Email', 'Role']}
            rows={members.data.items}
            cells={(member) => (
              <>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>
                  {canManage ? (
                    <select
                      aria-label={`Role of ${member.name}`}
                      value={member.role}
                      onChange={(event) =>
                        updateRole.mutate({ id: member.id, role: event.target.value as Role })
                      }
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </select>
                  ) : (
                    member.role
                  )}
                </td>
              </>
            )}
            action={(member) =>
              canManage ? (
                <RowAction
                  label="Remove"
                  subject={member.name}
                  confirm={`Remove ${member.name} from ${membership.orgName}?`}
                  onAct={() => removeMember.mutate(member.id)}
                />
              ) : null
            }
          />
        )}
      </section>
      <section className="card" aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">Invitations</h2>
        {canManage ? (
          <>
            {link ? (
              <SecretReveal title="Invitation link" secret={link} onDismiss={() => setLink(null)}>
                <p>Send this link to the person you invited; they accept it after signing in.</p>
              </SecretReveal>
            ) : null}
            <InviteForm
              canInviteOwners={membership.role === 'owner'}
              pending={invite.isPending}
              error={invite.error}
              onSubmit={(values) =>
                invite.mutate(values, {
                  onSuccess: ({ token }) =>
                    setLink(
                      `${window.location.origin}/invitations/accept?token=${encodeURIComponent(token)}`,
                    ),
                })
              }
            />
          </>
        ) : (
          <p className="muted">Only owners and admins can invite members.</p>
        )}
        {revoke.isError ? <ErrorMessage error={revoke.error} title="Could not revoke" /> : null}
        {invitations.isPending ? (
          <Loading />
        ) : invitations.isError ? (
          <ErrorMessage error={invitations.error} onRetry={() => void invitations.refetch()} />
        ) : invitations.data.items.length === 0 ? (
          <EmptyState title="No invitations yet" />
        ) : (
          <ActionsTable
            headings={['Email', 'Role', 'Status', 'Expires']}
            rows={invitations.data.items}
            cells={(invitation) => (
              <>
                <td>{invitation.email}</td>
                <td>{invitation.role}</td>
                <td>
                  <StatusBadge status={invitation.status} />
                </td>
                <td>{formatDate(invitation.expiresAt)}</td>
              </>
            )}
            action={(invitation) =>
              canManage && invitation.status === 'pending' ? (
                <RowAction
                  label="Revoke"
                  subject={`invitation of ${invitation.email}`}
                  onAct={() => revoke.mutate(invitation.id)}
                />
              ) : null
            }
          />
        )}
      </section>
    </div>
  );
}
