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
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.data.items.map((member) => (
                  <tr key={member.id}>
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
                    <td>
                      {canManage ? (
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => {
                            if (
                              window.confirm(`Remove ${member.name} from ${membership.orgName}?`)
                            ) {
                              removeMember.mutate(member.id);
                            }
                          }}
                        >
                          Remove<span className="visually-hidden"> {member.name}</span>
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
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.data.items.map((invitation) => (
                  <tr key={invitation.id}>
                    <td>{invitation.email}</td>
                    <td>{invitation.role}</td>
                    <td>
                      <StatusBadge status={invitation.status} />
                    </td>
                    <td>{formatDate(invitation.expiresAt)}</td>
                    <td>
                      {canManage && invitation.status === 'pending' ? (
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => revoke.mutate(invitation.id)}
                        >
                          Revoke
                          <span className="visually-hidden"> invitation of {invitation.email}</span>
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
