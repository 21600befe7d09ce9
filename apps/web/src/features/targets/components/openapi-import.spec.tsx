import { ApiError } from '@shakedown/core/contract';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { OpenApiImport } from './openapi-import';

const DOCUMENT = 'openapi: 3.0.3\ninfo: { title: Orders, version: "1" }\npaths: {}\n';

describe('OpenApiImport', () => {
  it('sends an uploaded file with the optional overrides', async () => {
    const onSubmit = jest.fn();
    render(<OpenApiImport onSubmit={onSubmit} />);
    const file = new File([DOCUMENT], 'openapi.yaml', { type: 'text/yaml' });
    await userEvent.upload(screen.getByLabelText('OpenAPI file (JSON or YAML)'), file);
    expect(await screen.findByDisplayValue(/openapi: 3.0.3/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Base URL (optional)'), 'https://api.example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Make a draft config' }));
    expect(onSubmit).toHaveBeenCalledWith({
      document: DOCUMENT,
      baseUrl: 'https://api.example.com',
    });
  });

  it('takes pasted text, and asks for a document when there is none', async () => {
    const onSubmit = jest.fn();
    render(<OpenApiImport onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Make a draft config' }));
    expect(screen.getByLabelText('…or paste the document')).toHaveAccessibleDescription(
      'Choose an OpenAPI file or paste its text.',
    );
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText('…or paste the document'), '{{"openapi":"3.1.0"}');
    await userEvent.type(screen.getByLabelText('Target name (optional)'), 'orders');
    await userEvent.click(screen.getByRole('button', { name: 'Make a draft config' }));
    expect(onSubmit).toHaveBeenCalledWith({ document: '{"openapi":"3.1.0"}', name: 'orders' });
  });

  it('refuses a file over 2 MB', async () => {
    const onSubmit = jest.fn();
    render(<OpenApiImport onSubmit={onSubmit} />);
    const big = new File(['x'.repeat(2 * 1024 * 1024 + 1)], 'huge.json', {
      type: 'application/json',
    });
    await userEvent.upload(screen.getByLabelText('OpenAPI file (JSON or YAML)'), big);
    expect(await screen.findByText('The file is larger than 2 MB.')).toBeVisible();
  });

  it('downloads a document by URL, and explains when the browser cannot', async () => {
    const onSubmit = jest.fn();
    const fetchDocument = jest
      .fn<Promise<string>, [string]>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(DOCUMENT);
    render(<OpenApiImport onSubmit={onSubmit} fetchDocument={fetchDocument} />);
    await userEvent.type(screen.getByLabelText('…or its URL'), 'ftp://x');
    await userEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(await screen.findByText('Enter an http:// or https:// URL.')).toBeVisible();
    await userEvent.clear(screen.getByLabelText('…or its URL'));
    await userEvent.type(
      screen.getByLabelText('…or its URL'),
      'http://127.0.0.1:4010/openapi.json',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(await screen.findByText(/Could not download it from this browser/)).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(await screen.findByDisplayValue(/openapi: 3.0.3/)).toBeInTheDocument();
    expect(fetchDocument).toHaveBeenLastCalledWith('http://127.0.0.1:4010/openapi.json');
    await userEvent.click(screen.getByRole('button', { name: 'Make a draft config' }));
    expect(onSubmit).toHaveBeenCalledWith({ document: DOCUMENT });
  });

  it("shows the API's error", () => {
    render(
      <OpenApiImport
        onSubmit={jest.fn()}
        error={new ApiError(400, 'invalid_openapi', 'the document is not OpenAPI 3', 'req-4')}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('the document is not OpenAPI 3');
  });
});
