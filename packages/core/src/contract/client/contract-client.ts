import type { z } from 'zod';

import type { EndpointSpec } from '../endpoints/endpoint-spec';
import { ApiError, apiErrorOf, ClientErrorCode } from './api-error';
import { fillPath, type PathParamName, type PathParams } from './path-params';

type QueryValue = string | number | boolean | undefined;

/** The query an endpoint takes, each value as a plain string, number or boolean. */
type QueryOf<Input> = {
  [Key in keyof Input]?: unknown extends Input[Key] ? QueryValue : Input[Key] & QueryValue;
};

type ParamsOption<E extends EndpointSpec> = [PathParamName<E['path']>] extends [never]
  ? { params?: undefined }
  : { params: PathParams<E['path']> };

type QueryOption<E extends EndpointSpec> = E extends { query: infer Query extends z.ZodType }
  ? { query?: QueryOf<z.input<Query>> }
  : { query?: undefined };

/** A body the service validates itself (a config document as written) is any JSON. */
type BodyOption<E extends EndpointSpec> = E extends { serviceValidates: true }
  ? { body: unknown }
  : E extends { body: infer Body extends z.ZodType }
    ? Record<never, never> extends z.input<Body>
      ? { body?: z.input<Body> }
      : { body: z.input<Body> }
    : { body?: undefined };

/** What one call of `E` takes: its path parameters, query and body, typed from the spec. */
export type CallOptions<E extends EndpointSpec> = ParamsOption<E> &
  QueryOption<E> &
  BodyOption<E> & {
    headers?: Record<string, string>;
    signal?: AbortSignal;
  };

type RequiredKeys<T> = { [Key in keyof T]-?: object extends Pick<T, Key> ? never : Key }[keyof T];

/** The options argument, left out where nothing is required (`call(OrgEndpoints.listOrgs)`). */
export type CallArgs<E extends EndpointSpec, Extra = unknown> = [
  RequiredKeys<CallOptions<E>>,
] extends [never]
  ? [options?: CallOptions<E> & Extra]
  : [options: CallOptions<E> & Extra];

/** The parsed answer of `E`; `undefined` for endpoints without a `response` schema. */
export type CallResult<E extends EndpointSpec> = E extends {
  response: infer Response extends z.ZodType;
}
  ? z.output<Response>
  : undefined;

/** The loose shape every `CallOptions<E>` has, for code that handles any endpoint. */
interface AnyCallOptions {
  params?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ContractClientOptions {
  /** Where the API's paths start: `/api` in the browser, `https://host/api` elsewhere. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Headers of every request, asked for each one: credentials, a CSRF token, an organisation. */
  headers?: (endpoint: EndpointSpec) => Record<string, string>;
  /** `same-origin` sends the dashboard's session cookie. */
  credentials?: RequestInit['credentials'];
  /** Sees every error before it is thrown, e.g. to notice that the session has expired. */
  onError?: (error: ApiError) => void;
}

/**
 * The one way to call the API: an endpoint of `@shakedown/core/contract` and its typed
 * parameters in, the answer parsed with the endpoint's `response` schema out. Every failure is
 * an `ApiError`, except the caller's own abort, which is rethrown as it came.
 */
export class ContractClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ContractClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async call<E extends EndpointSpec>(endpoint: E, ...args: CallArgs<E>): Promise<CallResult<E>> {
    const response = await this.send(endpoint, ...args);
    if (!endpoint.response || response.status === 204) return undefined as CallResult<E>;
    try {
      return await readJson(response, endpoint.response as z.ZodType<CallResult<E>>);
    } catch (error) {
      throw error instanceof ApiError ? this.report(error) : error;
    }
  }

  /** The raw answer, for what is not JSON: downloads and the event stream. */
  async send<E extends EndpointSpec>(endpoint: E, ...args: CallArgs<E>): Promise<Response> {
    const options: AnyCallOptions = args[0] ?? {};
    // Only endpoints that declare a body send one; an optional one goes as `{}`.
    const body = endpoint.body ? (options.body ?? {}) : undefined;
    const url = this.url(endpoint, options);
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: endpoint.method,
        headers: {
          Accept: 'application/json',
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...this.options.headers?.(endpoint),
          ...options.headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw this.report(
        new ApiError(
          0,
          ClientErrorCode.network,
          'The API could not be reached. Check your connection and try again.',
          null,
          undefined,
          { cause: error },
        ),
      );
    }
    if (response.ok) return response;
    throw this.report(await apiErrorOf(response));
  }

  private url(endpoint: EndpointSpec, options: AnyCallOptions): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) search.set(key, String(value));
    }
    const query = search.toString();
    return `${this.baseUrl}${fillPath(endpoint.path, options.params)}${query ? `?${query}` : ''}`;
  }

  private report(error: ApiError): ApiError {
    this.options.onError?.(error);
    return error;
  }
}

/** A JSON answer parsed with `schema`; anything else is an `ApiError` (`bad_response`). */
export async function readJson<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const requestId = response.headers.get('X-Request-Id');
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiError(
      response.status,
      ClientErrorCode.badResponse,
      'The API answered with something that is not JSON.',
      requestId,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'body';
    throw new ApiError(
      response.status,
      ClientErrorCode.badResponse,
      `The API answered in an unexpected shape (${where}).`,
      requestId,
    );
  }
  return parsed.data;
}
