import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { importOpenApi, keptOperations, type OpenApiImport } from '@shakedown/core/openapi';

import type { CliIo } from '../cli-io';
import { CliError, ExitCode } from '../exit-codes';

export interface InitOptions {
  /** A file path, or an http(s) URL the CLI downloads first. */
  openapi: string;
  baseUrl?: string;
  name?: string;
  /** Where the draft goes; `-` is stdout. */
  out: string;
  include?: string[];
  force?: boolean;
}

export interface InitDeps {
  fetch?: typeof fetch;
}

/** The largest document `init` reads (the import's own limit is 32 MB). */
const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;

/**
 * `shakedown init --openapi FILE|URL`: the API's own OpenAPI document → a commented
 * `shakedown.yml` draft (core's `importOpenApi`, the same as the API and the dashboard).
 * Every problem with the input is one message and exit code 2; nothing is written then.
 */
export async function initCommand(
  options: InitOptions,
  io: CliIo,
  deps: InitDeps = {},
): Promise<ExitCode> {
  const out = options.out === '-' ? undefined : path.resolve(io.cwd, options.out);
  if (out !== undefined && !options.force && (await exists(out))) {
    throw new CliError(
      `${options.out} already exists; pass --force to replace it, or --out another file`,
      ExitCode.usage,
    );
  }
  const text = await readDocument(options.openapi, io, deps.fetch ?? fetch);
  const result = await importOpenApi(text, {
    // A relative `servers` entry (or none) resolves against the URL the document came from.
    ...(/^https?:\/\//i.test(options.openapi) ? { documentUrl: options.openapi } : {}),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.include ? { include: options.include } : {}),
  });
  if (!result.ok) {
    const lines = result.issues.map(
      (issue) => `${options.openapi}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`,
    );
    throw new CliError(
      [`cannot draft a config (${result.code}):`, ...lines].join('\n'),
      ExitCode.usage,
    );
  }
  if (out === undefined) {
    io.stdout.write(result.yaml);
    return ExitCode.ok;
  }
  await writeFile(out, result.yaml, 'utf8');
  io.stdout.write(summary(result, options.out));
  return ExitCode.ok;
}

function summary(result: OpenApiImport, file: string): string {
  const routes = (result.config.routes as unknown[]).length;
  const lines = [
    `Wrote ${file}: ${routes} route${routes === 1 ? '' : 's'} from ${keptOperations(result.kept)} of ` +
      `${result.source.operations} operations of "${result.source.title}" ` +
      `(${result.leftOut.length} left out, ${result.warnings.length} to check; reasons at the top of the file).`,
  ];
  if (result.env.length > 0) {
    lines.push(`Set ${result.env.join(', ')} before running it.`);
  }
  lines.push(`Next: shakedown validate --config ${file}, then shakedown run --config ${file}`);
  return `${lines.join('\n')}\n`;
}

async function readDocument(source: string, io: CliIo, fetchFn: typeof fetch): Promise<string> {
  if (/^https?:\/\//i.test(source)) return download(source, fetchFn);
  try {
    const text = await readFile(path.resolve(io.cwd, source), 'utf8');
    if (text.length > MAX_DOCUMENT_BYTES) {
      throw new CliError(`${source} is larger than 32 MB`, ExitCode.usage);
    }
    return text;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code);
    throw new CliError(`cannot read the OpenAPI document ${source}: ${why}`, ExitCode.usage);
  }
}

async function download(url: string, fetchFn: typeof fetch): Promise<string> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.5' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new CliError(
      `cannot download the OpenAPI document ${url}: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
      ExitCode.usage,
    );
  }
  if (!response.ok) {
    throw new CliError(
      `cannot download the OpenAPI document ${url}: the server answered ${response.status}`,
      ExitCode.usage,
    );
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_DOCUMENT_BYTES) {
    throw new CliError(`the OpenAPI document at ${url} is larger than 32 MB`, ExitCode.usage);
  }
  const text = await response.text();
  if (text.length > MAX_DOCUMENT_BYTES) {
    throw new CliError(`the OpenAPI document at ${url} is larger than 32 MB`, ExitCode.usage);
  }
  return text;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
