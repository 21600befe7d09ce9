import { useNavigate } from 'react-router';

import { useCreateOrg } from '../../features/orgs/api/create-org';
import { CreateOrgForm } from '../../features/orgs/components/create-org-form';
import { storeOrgId } from '../../lib/current-org';

export default function CreateOrgPage() {
  const navigate = useNavigate();
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
          onSubmit={(values) =>
            createOrg.mutate(values, {
              onSuccess: (org) => {
                storeOrgId(org.id);
                void navigate('/targets', { replace: true });
              },
            })
          }
        />
      </div>
    </main>
  );
}
