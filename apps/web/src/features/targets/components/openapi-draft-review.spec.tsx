import type { OpenApiDraft } from '@shakedown/core/contract';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { OpenApiDraftReview } from './openapi-draft-review';

const DRAFT: OpenApiDraft = {
  config: {
    version: 1,
    target: {
      name: 'demo-api',
      baseUrl: 'http://127.0.0.1:4010',
      tenants: {
        tenantA: { headers: { Authorization: 'Bearer ${TENANT_A_BEARER}' } },
        tenantB: { headers: { Authorization: 'Bearer ${TENANT_B_BEARER}' } },
      },
    },
    routes: [{ id: 'createNote', method: 'POST', path: '/notes' }],
  },
  yaml: '# Shakedown draft\n',
  warnings: ['POST /notes: the document declares a rate limit (429) but not its size'],
  kept: [
    { operation: 'POST /notes', routeId: 'createNote', role: 'route', public: false, notes: [] },
    {
      operation: 'DELETE /notes/{id}',
      routeId: 'createNote',
      role: 'resource.delete',
      public: false,
      notes: [],
    },
  ],
  leftOut: [
    {
      operation: 'DELETE /notes',
      category: 'unsafe',
      reason: 'a bulk write: it reaches every row',
      canOptIn: true,
    },
  ],
  securitySchemes: [
    {
      name: 'bearer',
      description: 'http bearer',
      operations: 3,
      usedByTenants: true,
      env: ['TENANT_A_BEARER', 'TENANT_B_BEARER'],
    },
  ],
  env: ['TENANT_A_BEARER', 'TENANT_B_BEARER'],
  source: { format: 'openapi-3.1', version: '3.1.0', title: 'demo-api', operations: 4 },
};

describe('OpenApiDraftReview', () => {
  it('shows what was kept and left out, and why', () => {
    render(<OpenApiDraftReview draft={DRAFT} onUse={jest.fn()} />);
    expect(screen.getByRole('heading')).toHaveTextContent(
      'Draft of demo-api: 1 route from 2 of 4 operations',
    );
    const kept = screen.getByRole('list', { name: 'Kept operations' });
    expect(within(kept).getByText('DELETE /notes/{id}').parentElement).toHaveTextContent(
      'resource.delete of createNote',
    );
    const left = screen.getByRole('list', { name: 'Left-out operations' });
    expect(left).toHaveTextContent('DELETE /notes: a bulk write: it reaches every row');
    expect(screen.getByRole('status')).toHaveTextContent('declares a rate limit');
  });

  it("asks for both tenants' credentials, then fills them in", async () => {
    const onUse = jest.fn();
    render(<OpenApiDraftReview draft={DRAFT} onUse={onUse} />);
    await userEvent.type(screen.getByLabelText('TENANT_A_BEARER'), 'token-a');
    await userEvent.click(screen.getByRole('button', { name: 'Use this draft' }));
    expect(screen.getByLabelText('TENANT_B_BEARER')).toHaveAccessibleDescription(
      'Tenant B: http bearer Enter TENANT_B_BEARER.',
    );
    expect(onUse).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText('TENANT_B_BEARER'), 'token-b');
    await userEvent.click(screen.getByRole('button', { name: 'Use this draft' }));
    expect(onUse).toHaveBeenCalledWith({
      ...DRAFT.config,
      target: {
        name: 'demo-api',
        baseUrl: 'http://127.0.0.1:4010',
        tenants: {
          tenantA: { headers: { Authorization: 'Bearer token-a' } },
          tenantB: { headers: { Authorization: 'Bearer token-b' } },
        },
      },
    });
  });
});
