import {
  ContractClient,
  type CallArgs,
  type CallResult,
  type EndpointSpec,
} from '@shakedown/core/contract';

export interface ApiClientOptions {
  /** `/api` in the browser; an absolute URL where there is no page origin. */
  baseUrl: string;
  fetch?: typeof fetch;
}

/** The organisation a call acts in (`X-Org-Id`); query functions pass the one in their key. */
export interface OrgOption {
  orgId?: string;
}

/**
 * The dashboard's only door to the API, over core's `ContractClient`: the cookie session, the
 * CSRF token on writes, the chosen organisation as `X-Org-Id`, and listeners told when the
 * session has gone (expired, revoked or signed out elsewhere).
 */
export class ApiClient {
  private csrfToken: string | null = null;
  private orgId: string | null = null;
  private readonly unauthenticatedListeners = new Set<() => void>();
  private readonly client: ContractClient;

  constructor(options: ApiClientOptions) {
    this.client = new ContractClient({
      ...options,
      credentials: 'same-origin',
      headers: (endpoint) => this.headersFor(endpoint),
      onError: (error) => {
        if (!error.isUnauthenticated) return;
        for (const listener of this.unauthenticatedListeners) listener();
      },
    });
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

  onUnauthenticated(listener: () => void): () => void {
    this.unauthenticatedListeners.add(listener);
    return () => this.unauthenticatedListeners.delete(listener);
  }

  /** The answer of `endpoint`, parsed with its `response` schema. */
  call<E extends EndpointSpec>(
    endpoint: E,
    ...args: CallArgs<E, OrgOption>
  ): Promise<CallResult<E>> {
    return this.client.call(endpoint, ...withOrgHeader<E>(args));
  }

  /** The raw answer of `endpoint`: report downloads and the event stream. */
  send<E extends EndpointSpec>(endpoint: E, ...args: CallArgs<E, OrgOption>): Promise<Response> {
    return this.client.send(endpoint, ...withOrgHeader<E>(args));
  }

  private headersFor(endpoint: EndpointSpec): Record<string, string> {
    const headers: Record<string, string> = {};
    if (endpoint.method !== 'GET' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    if (this.orgId) headers['X-Org-Id'] = this.orgId;
    return headers;
  }
}

function withOrgHeader<E extends EndpointSpec>(args: CallArgs<E, OrgOption>): CallArgs<E> {
  const [options] = args;
  if (!options?.orgId) return args;
  const { orgId, ...rest } = options;
  return [{ ...rest, headers: { ...rest.headers, 'X-Org-Id': orgId } }] as unknown as CallArgs<E>;
}
