import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { EstimatorWidget } from './estimator-widget';

async function setField(label: string, value: string) {
  const input = screen.getByLabelText(label);
  await userEvent.clear(input);
  if (value !== '') await userEvent.type(input, value);
}

describe('EstimatorWidget', () => {
  it('starts from the spec defaults and shows every result', async () => {
    render(<EstimatorWidget />);
    expect(screen.getByLabelText('Request rate')).toHaveValue('10');
    expect(screen.getByLabelText('Rate per')).toHaveValue('minute');
    expect(screen.getByLabelText('Average payload size')).toHaveValue('1');
    expect(screen.getByLabelText('Payload size unit')).toHaveValue('MB');
    expect(screen.getByTestId('estimate-raw')).toHaveTextContent('421.88 GB');
    expect(screen.getByTestId('estimate-stored')).toHaveTextContent('569.53 GB');
    expect(screen.getByTestId('estimate-monthly')).toHaveTextContent('65.50');
    expect(screen.getByTestId('estimate-cumulative')).toHaveTextContent('33.84');
    expect(screen.getByText(/defensive planning aid/)).toBeInTheDocument();
    expect(await screen.findByRole('figure', { name: 'Growth over the period' })).toBeVisible();
  });

  it('updates live to the product page example, with a High badge', async () => {
    render(<EstimatorWidget />);
    await setField('Request rate', '5');
    await setField('Average payload size', '256');
    await userEvent.selectOptions(screen.getByLabelText('Payload size unit'), 'KB');
    await setField('Duration', '7');
    expect(screen.getByTestId('estimate-raw')).toHaveTextContent('12.30 GB');
    expect(screen.getByTestId('estimate-stored')).toHaveTextContent('16.61 GB');
    const badge = within(screen.getByTestId('estimate-warning')).getByText('High');
    expect(badge).toHaveClass('badge--warn-High');
    expect(screen.getByText(/Growth over 7 days/)).toBeInTheDocument();
  });

  it('turns the badge Low and Medium as the accepted share falls', async () => {
    render(
      <EstimatorWidget
        initialValues={{ rate: '1', rateUnit: 'second', payloadSize: '10', payloadUnit: 'KB' }}
      />,
    );
    await setField('Share of requests the route accepts', '10');
    expect(screen.getByTestId('estimate-warning')).toHaveTextContent('Medium');
    await setField('Share of requests the route accepts', '1');
    expect(screen.getByTestId('estimate-warning')).toHaveTextContent('Low');
  });

  it('names the bad input at its field and never shows NaN', async () => {
    render(<EstimatorWidget />);
    await setField('Request rate', 'lots');
    const rate = screen.getByLabelText('Request rate');
    expect(rate).toHaveAttribute('aria-invalid', 'true');
    expect(rate).toHaveAccessibleDescription('Request rate must be a number');
    expect(screen.getByText('Fix the highlighted inputs to see the estimate.')).toBeVisible();
    expect(document.body.textContent).not.toMatch(/NaN|Infinity/);

    await setField('Request rate', '');
    expect(rate).toHaveAccessibleDescription('Request rate is required');

    await setField('Request rate', '2000000');
    await userEvent.selectOptions(screen.getByLabelText('Rate per'), 'second');
    expect(rate).toHaveAccessibleDescription(
      'Request rate cannot exceed 1,000,000 requests per second',
    );

    await setField('Request rate', '10');
    await setField('Average payload size', '-1');
    expect(screen.getByLabelText('Average payload size')).toHaveAccessibleDescription(
      'Payload size cannot be negative',
    );
    await setField('Average payload size', '2048');
    expect(screen.getByLabelText('Average payload size')).toHaveAccessibleDescription(
      'Payload size cannot exceed 1 GB',
    );
    await setField('Average payload size', '1');
    expect(screen.getByLabelText('Average payload size')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByTestId('estimate-raw')).toBeInTheDocument();
  });

  it('starts from a pre-filled payload size and says where it came from', () => {
    render(
      <EstimatorWidget
        initialValues={{ payloadSize: '10', payloadUnit: 'MB' }}
        prefillNote="Pre-filled from payload.oversize_accepted on create-order"
      />,
    );
    expect(screen.getByLabelText('Average payload size')).toHaveValue('10');
    expect(screen.getByText(/Pre-filled from payload.oversize_accepted/)).toBeVisible();
    // 10/min × 1,440 × 30 × 10 MB = 4,218.75 GB.
    expect(screen.getByTestId('estimate-raw')).toHaveTextContent('4.12 TB');
  });

  it('resets to the starting values', async () => {
    render(<EstimatorWidget initialValues={{ payloadSize: '3' }} />);
    await setField('Average payload size', '9');
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(screen.getByLabelText('Average payload size')).toHaveValue('3');
  });

  it('is usable from the keyboard alone', async () => {
    render(<EstimatorWidget />);
    await userEvent.tab();
    expect(screen.getByLabelText('Request rate')).toHaveFocus();
    await userEvent.keyboard('{Backspace}{Backspace}20');
    await userEvent.tab();
    expect(screen.getByLabelText('Rate per')).toHaveFocus();
    expect(screen.getByTestId('estimate-raw')).toHaveTextContent('843.75 GB');
  });
});
