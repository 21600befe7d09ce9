import { useId, useState, type ChangeEvent, type FormEvent } from 'react';

import type { OpenApiDraftRequest } from '@shakedown/core/contract';
import { ErrorMessage } from '../../../components/states';
import { TextField } from '../../../components/text-field';

interface OpenApiImportProps {
  onSubmit: (request: OpenApiDraftRequest) => void;
  pending?: boolean;
  error?: unknown;
  /** Downloads a document by URL (the browser's fetch unless a test passes one). */
  fetchDocument?: (url: string) => Promise<string>;
}

/** The browser fetches it: the API never downloads addresses users type (SSRF). */
async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { headers: { accept: 'application/json, application/yaml' } });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return response.text();
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

/**
 * An OpenAPI document (file, URL or pasted text) becomes a draft config to review; nothing is
 * stored yet.
 */
export function OpenApiImport({
  onSubmit,
  pending = false,
  error,
  fetchDocument = fetchText,
}: OpenApiImportProps) {
  const id = useId();
  const [document, setDocument] = useState('');
  const [url, setUrl] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();

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

  async function download() {
    const address = url.trim();
    if (!/^https?:\/\//i.test(address)) {
      setProblem('Enter an http:// or https:// URL.');
      return;
    }
    try {
      const text = await fetchDocument(address);
      if (text.length > MAX_BYTES) {
        setProblem('The document is larger than 2 MB.');
        return;
      }
      setDocument(text);
      setProblem(undefined);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      setProblem(
        `Could not download it from this browser (${why}); the API may not allow other origins: download the file and choose it above.`,
      );
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (document.trim() === '') {
      setProblem('Choose an OpenAPI file or paste its text.');
      return;
    }
    setProblem(undefined);
    onSubmit({
      document,
      ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Import from OpenAPI">
      {error ? <ErrorMessage error={error} title="Could not read the OpenAPI document" /> : null}
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
        <label htmlFor={`${id}-url`}>…or its URL</label>
        <div className="row">
          <input
            id={`${id}-url`}
            type="url"
            value={url}
            placeholder="https://api.example.com/openapi.json"
            onChange={(event) => setUrl(event.target.value)}
          />
          <button type="button" onClick={() => void download()}>
            Download
          </button>
        </div>
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
