import { RunSchema, type Run } from '@shakedown/core/contract';
import type { ProbeName } from '@shakedown/core/config';

import { CliError, ExitCode } from '../exit-codes';

export interface ApiClientOptions {
  /** The API's base URL, e.g. `https://shakedown.example.com/api`. */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Waits between retries; replaceable so tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

/** The API's one error shape, read leniently: an older or newer server may add codes. */
interface ApiErrorBody {
  error?: { code?: unknown; message?: unknown; requestId?: unknown };
}

/** A non-2xx answer from the API. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}

const ATTEMPTS = 3;

/** The few endpoints `remote run` calls, with `Authorization: Bearer <API key>`. */
export class ShakedownApiClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ApiClientOptions) {
    this.base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.fetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** `GET /targets?name=` → the target with exactly that name, in the key's organisation. */
  async findTargetByName(name: string): Promise<{ id: string; name: string }> {
    const body = await this.json('GET', `targets?name=${encodeURIComponent(name)}`);
    const items = (body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) throw unexpected('GET /targets', 'no items list');
    const match = items.find(
      (item): item is { id: string; name: string } =>
        typeof (item as { id?: unknown }).id === 'string' &&
        (item as { name?: unknown }).name === name,
    );
    if (!match) {
      throw new CliError(`no target named "${name}" in the API key's organisation`, ExitCode.usage);
    }
    return match;
  }

  /** `POST /targets/:id/runs`; the idempotency key makes the retry of a lost answer safe. */
  async createRun(
    targetId: string,
    probes: ProbeName[] | undefined,
    idempotencyKey: string,
  ): Promise<Run> {
    const body = await this.json('POST', `targets/${encodeURIComponent(targetId)}/runs`, {
      body: { ...(probes ? { probes } : {}), trigger: 'ci' },
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    return parseRun(body);
  }

  async getRun(runId: string): Promise<Run> {
    return parseRun(await this.json('GET', `runs/${encodeURIComponent(runId)}`));
  }

  /** `POST /runs/:id/cancel`, best effort (Ctrl-C and `--timeout`). */
  async cancelRun(runId: string): Promise<void> {
    await this.request('POST', `runs/${encodeURIComponent(runId)}/cancel`, { body: {} });
  }

  /** `GET /runs/:id/report?format=` → the document as the API wrote it. */
  async getReport(runId: string, format: 'json' | 'junit' | 'sarif'): Promise<string> {
    const response = await this.request(
      'GET',
      `runs/${encodeURIComponent(runId)}/report?format=${format}`,
    );
    return response.text();
  }

  private async json(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<unknown> {
    const response = await this.request(method, path, init);
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw unexpected(`${method} /${path}`, 'an answer that is not JSON');
    }
  }

  /**
   * Retries what is safe to retry: network errors, 429 and 5xx, a few times with a pause
   * (POSTs carry an idempotency key, so a repeat cannot start a second run).
   */
  private async request(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const url = new URL(path, this.base);
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      let response: Response;
      try {
        response = await this.fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${this.options.apiKey}`,
            accept: 'application/json',
            ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...init.headers,
          },
          ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        lastError = new CliError(
          `cannot reach the Shakedown API at ${this.options.baseUrl}: ${causeOf(error)}`,
          ExitCode.unreachable,
        );
        if (attempt < ATTEMPTS) await this.sleep(1000 * attempt);
        continue;
      }
      if (response.ok) return response;
      const error = await apiErrorOf(response);
      if ((response.status === 429 || response.status >= 500) && attempt < ATTEMPTS) {
        lastError = error;
        await this.sleep(retryAfterMs(response) ?? 1000 * attempt);
        continue;
      }
      throw error;
    }
    throw lastError ?? new Error('unreachable');
  }
}

function parseRun(body: unknown): Run {
  const parsed = RunSchema.safeParse(body);
  if (!parsed.success) throw unexpected('run', 'a run document that does not match the contract');
  return parsed.data;
}

async function apiErrorOf(response: Response): Promise<ApiError> {
  let body: ApiErrorBody = {};
  try {
    body = (await response.json()) as ApiErrorBody;
  } catch {
    // Not the API's error shape (a proxy's HTML page, say): the status line says enough.
  }
  const error = body.error ?? {};
  return new ApiError(
    response.status,
    typeof error.code === 'string' ? error.code : `http_${response.status}`,
    typeof error.message === 'string' ? error.message : `${response.status} ${response.statusText}`,
    typeof error.requestId === 'string'
      ? error.requestId
      : (response.headers.get('x-request-id') ?? undefined),
  );
}

function retryAfterMs(response: Response): number | undefined {
  const value = Number(response.headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? Math.min(value, 30) * 1000 : undefined;
}

function unexpected(what: string, problem: string): CliError {
  return new CliError(`the Shakedown API answered ${what} with ${problem}`, ExitCode.unreachable);
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
