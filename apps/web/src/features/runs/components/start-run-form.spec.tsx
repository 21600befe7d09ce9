import { ApiError } from '@shakedown/core/contract';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { StartRunForm } from './start-run-form';

describe('StartRunForm', () => {
  it('runs every probe by default', async () => {
    const onSubmit = jest.fn();
    render(<StartRunForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Start run' }));
    expect(onSubmit).toHaveBeenCalledWith(undefined);
  });

  it('runs a subset, in the engine’s order', async () => {
    const onSubmit = jest.fn();
    render(<StartRunForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByLabelText('Only some'));
    await userEvent.click(screen.getByRole('checkbox', { name: /payload/ }));
    await userEvent.click(screen.getByRole('checkbox', { name: /idempotency/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Start run' }));
    expect(onSubmit).toHaveBeenCalledWith(['idempotency', 'payload']);
  });

  it('refuses an empty subset', async () => {
    const onSubmit = jest.fn();
    render(<StartRunForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByLabelText('Only some'));
    await userEvent.click(screen.getByRole('button', { name: 'Start run' }));
    expect(screen.getByRole('group', { name: 'Probes to run' })).toHaveAccessibleDescription(
      'Choose at least one probe, or run them all.',
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('says why a run cannot start', () => {
    render(
      <StartRunForm
        onSubmit={jest.fn()}
        disabledReason="Verify ownership first."
        error={
          new ApiError(
            409,
            'run_already_active',
            'the target already has a queued or running run',
            'req-3',
          )
        }
      />,
    );
    expect(screen.getByRole('button', { name: 'Start run' })).toBeDisabled();
    expect(screen.getByText('Verify ownership first.')).toBeVisible();
    expect(screen.getByRole('alert')).toHaveTextContent('already has a queued or running run');
  });
});
