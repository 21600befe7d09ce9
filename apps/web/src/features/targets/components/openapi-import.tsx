import { useId, useState, type ChangeEvent, type FormEvent } from 'react';

import { isApiError, type OpenApiDraftRequest } from '@shakedown/core/contract';
import { ErrorMessage } from '../../../components/states';
import { codeText } from '../../../lib/error-text';
import { TextField } from '../../../components/text-field';

interface OpenApiImportProps {
  onSubmit: (request: OpenApiDraftRequest) => void;
  pending?: boolean;
  error?: unknown;
}

const MAX_BYTES = 2 * 1024 * 1024;

function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

/** The API's refusal of the URL (it could not download the document), shown at the field. */
function urlErrorOf(error: unknown): string | undefined {
  if (!isApiError(error) || error.details?.field !== 'body.url') return undefined;
  const message = error.message.replace(/^body\.url: /, '');
  const human = codeText(error);
  return human ? `${human} (${message})` : message;
}

/**
 * An OpenAPI document (file, pasted text, or the URL it is served at, which the API downloads
 * through its SSRF guard) becomes a draft config to review; nothing is stored yet.
 */
export function OpenApiImport({ onSubmit, pending = false, error }: OpenApiImportProps) {
  const id = useId();
  const [document, setDocument] = useState('');
  const [url, setUrl] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();
  const [urlProblem, setUrlProblem] = useState<string>();
  const urlError = urlProblem ?? urlErrorOf(error);

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setProblem('The file is larger than 2 MB.');
      return;
    }
    try {
      setDocument(await readText(file));
      setProblem(undefined);
    } catch {
      setProblem('The file could not be read.');
    }
  }

  /** The document's source: the URL, or the text; undefined (with the problem shown) if neither. */
  function sourceOf(): { url: string } | { document: string } | undefined {
    const address = url.trim();
    setProblem(undefined);
    setUrlProblem(undefined);
    if (address === '') {
      if (document.trim() !== '') return { document };
      setProblem('Give its URL, choose an OpenAPI file or paste its text.');
      return undefined;
    }
    if (document.trim() !== '') {
      setUrlProblem('Give the URL or a document, not both: clear one of them.');
    } else if (!/^https?:\/\/./i.test(address)) {
      setUrlProblem('Enter an http:// or https:// URL.');
    } else {
      return { url: address };
    }
    return undefined;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const source = sourceOf();
    if (!source) return;
    onSubmit({
      ...source,
      ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Import from OpenAPI">
      {error && !urlErrorOf(error) ? (
        <ErrorMessage error={error} title="Could not read the OpenAPI document" />
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-file`}>OpenAPI file (JSON or YAML)</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,.yaml,.yml,application/json,text/yaml"
          onChange={(event) => void readFile(event)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-url`}>From URL</label>
        <input
          id={`${id}-url`}
          type="url"
          value={url}
          placeholder="https://api.example.com/openapi.json"
          onChange={(event) => setUrl(event.target.value)}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={`${id}-url-hint${urlError ? ` ${id}-url-error` : ''}`}
        />
        <span id={`${id}-url-hint`} className="field__hint">
          Shakedown downloads it (public http(s) addresses, up to 2 MB); its servers entry may be
          relative to it.
        </span>
        {urlError ? (
          <span id={`${id}-url-error`} className="field__error">
            {urlError}
          </span>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>…or paste the document</label>
        <textarea
          id={`${id}-text`}
          rows={8}
          value={document}
          onChange={(event) => setDocument(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        {problem ? (
          <span id={`${id}-problem`} className="field__error">
            {problem}
          </span>
        ) : null}
      </div>
      <div className="grid">
        <TextField
          label="Base URL (optional)"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          hint="Overrides the document's first server"
        />
        <TextField
          label="Target name (optional)"
          value={name}
          onChange={(e) => setName(e.target.value)}
          hint="Overrides info.title"
        />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Reading…' : 'Make a draft config'}
      </button>
    </form>
  );
}
