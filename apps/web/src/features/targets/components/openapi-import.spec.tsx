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
      'Give its URL, choose an OpenAPI file or paste its text.',
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

  it('sends the URL for the API to download, with the overrides', async () => {
    const onSubmit = jest.fn();
    render(<OpenApiImport onSubmit={onSubmit} />);
    const field = screen.getByLabelText('From URL');
    await userEvent.type(field, 'ftp://x');
    await userEvent.click(screen.getByRole('button', { name: 'Make a draft config' }));
    expect(field).toHaveAccessibleDescription(
      expect.stringContaining('Enter an http:// or https:// URL.'),
    );
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.clear(field);
    await userEvent.type(field, ' http://127.0.0.1:4010/openapi.json ');
    await userEvent.type(screen.getByLabelText('Target name (optional)'), 'demo');
    await userEvent.click(screen.getByRole('button', { name: 'Make a draft config' }));
    expect(onSubmit).toHaveBeenCalledWith({
      url: 'http://127.0.0.1:4010/openapi.json',
      name: 'demo',
    });
    expect(field).not.toBeInvalid();
  });

  it('asks for one source when both a URL and a document are given', async () => {
    const onSubmit = jest.fn();
    render(<OpenApiImport onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('From URL'), 'https://api.example.com/openapi.json');
    await userEvent.type(screen.getByLabelText('…or paste the document'), 'openapi: 3.0.3');
    await userEvent.click(screen.getByRole('button', { name: 'Make a draft config' }));
    expect(screen.getByLabelText('From URL')).toHaveAccessibleDescription(
      expect.stringContaining('Give the URL or a document, not both'),
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows the API's refusal of the URL at the field, not as a page alert", () => {
    const refusal = new ApiError(
      422,
      'document_too_large',
      'body.url: the document at http://127.0.0.1:4010/huge is larger than 2097152 bytes (reading stopped there)',
      'req-7',
      { field: 'body.url', url: 'http://127.0.0.1:4010/huge' },
    );
    render(<OpenApiImport onSubmit={jest.fn()} error={refusal} />);
    const field = screen.getByLabelText('From URL');
    expect(field).toBeInvalid();
    expect(field).toHaveAccessibleDescription(
      expect.stringContaining(
        'The document at this URL is larger than 2 MB. Trim it, or paste a smaller one. (the document at http://127.0.0.1:4010/huge is larger than 2097152 bytes (reading stopped there))',
      ),
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
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
