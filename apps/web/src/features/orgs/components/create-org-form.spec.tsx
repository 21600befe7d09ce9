import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { CreateOrgForm } from './create-org-form';

describe('CreateOrgForm', () => {
  it('creates an organisation by name', async () => {
    const onSubmit = jest.fn();
    render(<CreateOrgForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Organisation name'), '  Acme  ');
    await userEvent.click(screen.getByRole('button', { name: 'Create organisation' }));
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Acme' });
  });

  it('asks for a name', async () => {
    const onSubmit = jest.fn();
    render(<CreateOrgForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Organisation name'), '   ');
    await userEvent.click(screen.getByRole('button', { name: 'Create organisation' }));
    expect(screen.getByLabelText('Organisation name')).toHaveAccessibleDescription(/Enter a name/);
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
