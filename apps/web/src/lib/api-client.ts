import { ErrorBodySchema } from '@shakedown/core/contract';
import type { z } from 'zod';

/**
 * An answer that is not a success, with what the API said: its error code, its message and the
 * request id that finds the log line. Transport failures have status 0.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly details?: { issues?: { path: string; message: string }[] } & Record<string, unknown>,
  ) {
    super(message);
  }

  get isUnauthenticated(): boolean {
    return this.status === 401 && this.code === 'unauthenticated';
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export interface ApiClientOptions {
  /** `/api` in the browser; an absolute URL where there is no page origin. */
  baseUrl: string;
  fetch?: typeof fetch;
}

export interface RequestOptions<S extends z.ZodType | undefined> {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Parses the answer; without it the answer is ignored (e.g. 204). */
  schema?: S;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** The organisation to act in (`X-Org-Id`); query functions pass the one in their key. */
  orgId?: string | null;
}

type Result<S> = S extends z.ZodType ? z.infer<S> : undefined;

const READS = new Set(['GET', 'HEAD']);

/**
 * The dashboard's only door to the API: cookie session, the CSRF token on writes, the chosen
 * organisation as `X-Org-Id`, and every answer parsed with core's contract schemas.
 */
export class ApiClient {
  private csrfToken: string | null = null;
  private orgId: string | null = null;
  private readonly unauthenticatedListeners = new Set<() => void>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  setOrgId(orgId: string | null): void {
    this.orgId = orgId;
  }

  getOrgId(): string | null {
    return this.orgId;
  }

  /** Called when the API says the session is gone (expired, revoked or signed out elsewhere). */
  onUnauthenticated(listener: () => void): () => void {
    this.unauthenticatedListeners.add(listener);
    return () => this.unauthenticatedListeners.delete(listener);
  }

  url(path: string, query?: RequestOptions<undefined>['query']): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.options.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  headers(
    method: string,
    extra: Record<string, string> = {},
    hasBody = false,
    orgId: string | null = this.orgId,
  ): Headers {
    const headers = new Headers({ Accept: 'application/json', ...extra });
    if (hasBody) headers.set('Content-Type', 'application/json');
    if (!READS.has(method) && this.csrfToken) headers.set('X-CSRF-Token', this.csrfToken);
    if (orgId) headers.set('X-Org-Id', orgId);
    return headers;
  }

  async request<S extends z.ZodType | undefined = undefined>(
    method: string,
    path: string,
    options: RequestOptions<S> = {},
  ): Promise<Result<S>> {
    const response = await this.send(method, path, options);
    if (!options.schema || response.status === 204) return undefined as Result<S>;
    const requestId = response.headers.get('X-Request-Id');
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new ApiError(
        response.status,
        'bad_response',
        'The API answered with something that is not JSON.',
        requestId,
      );
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(
        response.status,
        'bad_response',
        `The API answered in an unexpected shape (${parsed.error.issues[0]?.path.join('.') ?? 'body'}).`,
        requestId,
      );
    }
    return parsed.data as Result<S>;
  }

  /** A download (e.g. a report), with the same headers and error handling. */
  async download(
    path: string,
    options: Pick<RequestOptions<undefined>, 'query' | 'orgId'> = {},
  ): Promise<Blob> {
    const response = await this.send('GET', path, { ...options, headers: { Accept: '*/*' } });
    return response.blob();
  }

  /** The raw response of a streaming endpoint (server-sent events). */
  async stream(
    path: string,
    options: { signal: AbortSignal; orgId?: string | null },
  ): Promise<Response> {
    return this.send('GET', path, { ...options, headers: { Accept: 'text/event-stream' } });
  }

  private async send(
    method: string,
    path: string,
    options: RequestOptions<z.ZodType | undefined>,
  ): Promise<Response> {
    const hasBody = options.body !== undefined;
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, options.query), {
        method,
        credentials: 'same-origin',
        headers: this.headers(
          method,
          options.headers,
          hasBody,
          options.orgId === undefined ? this.orgId : options.orgId,
        ),
        body: hasBody ? JSON.stringify(options.body) : undefined,
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(
        0,
        'network',
        'The API could not be reached. Check your connection and try again.',
        null,
      );
    }
    if (response.ok) return response;
    const error = await toApiError(response);
    if (error.isUnauthenticated) {
      for (const listener of this.unauthenticatedListeners) listener();
    }
    throw error;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const headerId = response.headers.get('X-Request-Id');
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = ErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, requestId, details } = parsed.data.error;
    return new ApiError(response.status, code, message, requestId || headerId, details);
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    `The API answered ${response.status} ${response.statusText}`.trim() + '.',
    headerId,
  );
}
