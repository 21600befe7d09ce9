import { useCreateOrg } from '../../features/orgs/api/create-org';
import { CreateOrgForm } from '../../features/orgs/components/create-org-form';
import { useEnterOrg } from '../use-enter-org';

export default function CreateOrgPage() {
  const enterOrg = useEnterOrg();
  const createOrg = useCreateOrg();
  return (
    <main className="auth">
      <h1>Create an organisation</h1>
      <p className="muted">
        Targets, runs, API keys and webhooks belong to an organisation. You will be its owner.
      </p>
      <div className="card">
        <CreateOrgForm
          pending={createOrg.isPending}
          error={createOrg.error}
          onSubmit={(values) => createOrg.mutate(values, { onSuccess: enterOrg })}
        />
      </div>
    </main>
  );
}
