import { randomUUID } from 'node:crypto';

import type { Config, Route } from '../config/config.schema';
import { isSensitiveHeaderName } from '../http/evidence';
import { BudgetExceededError } from '../http/budget';
import type { HttpClient } from '../http/http-client';
import { RunCancelledError, type HttpRequest, type HttpResult } from '../http/http-types';
import { isSuccess } from './describe-result';
import { idAt, type ResourceId } from './json-tools';
import { withUniqueValues } from './unique-values';

/** Who sends a request: a configured tenant, or nobody (no credentials). */
export interface Actor {
  /** The tenant's name in the config, or `anonymous`. */
  name: string;
  headers: Readonly<Record<string, string>>;
  /** Query parameters the tenant adds to every request (`?api_key=`). */
  query?: Readonly<Record<string, string>>;
  isTenant: boolean;
}

export interface SendOptions {
  method?: string;
  /** A path below the base URL; `{id}` is replaced by `id`. Default: the route's path. */
  path?: string;
  id?: ResourceId;
  /** A JSON value (serialised), or raw text / bytes sent as they are. */
  body?: unknown;
  rawBody?: string | Buffer;
  /** Merged over the actor's and the route's headers. */
  headers?: Record<string, string>;
  /** Header names (any case) to leave out. */
  omitHeaders?: readonly string[];
  note?: string;
  on429?: 'wait' | 'answer';
}

interface Created {
  route: Route;
  actor: Actor;
  id: ResourceId;
}

/** `url` with the tenant's query parameters added (over any of the same name). */
function withQuery(url: string, query: Actor['query']): string {
  if (!query || Object.keys(query).length === 0) return url;
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(query)) parsed.searchParams.set(name, value);
  return parsed.toString();
}

/** What every probe uses: the config, the HTTP client, the tenants and the cleanup list. */
export class ProbeContext {
  readonly tenants: Actor[];
  readonly anonymous: Actor = { name: 'anonymous', headers: {}, isTenant: false };
  private readonly created = new Map<string, Created>();
  /** Writes answered 2xx without an id: they cannot be deleted, only reported. */
  private readonly withoutId = new Map<string, number>();
  /**
   * Called after every request that could harm the target (the engine's health check): throws
   * when the target broke, which stops the run. Default: nothing (a context without a monitor).
   */
  afterRiskyHook: (result?: HttpResult) => Promise<void> = () => Promise.resolve();

  constructor(
    readonly config: Config,
    readonly http: HttpClient,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
  ) {
    this.tenants = Object.entries(config.target.tenants ?? {}).map(([name, tenant]) => ({
      name,
      headers: tenant.headers,
      ...(tenant.query ? { query: tenant.query } : {}),
      isTenant: true,
    }));
  }

  /** Tenant A: the first configured tenant, or no credentials when there is none. */
  get primary(): Actor {
    return this.tenants[0] ?? this.anonymous;
  }

  /** Tenant B, when two tenants are configured. */
  get secondary(): Actor | undefined {
    return this.tenants[1];
  }

  url(path: string): string {
    return `${this.config.target.baseUrl.replace(/\/+$/, '')}${path}`;
  }

  newKey(): string {
    return `shakedown-${randomUUID()}`;
  }

  /** The request a route sends as `actor`: the tenant's headers, the route's over them, then `options`. */
  buildRequest(route: Route, actor: Actor, options: SendOptions = {}): HttpRequest {
    const rawPath = options.path ?? route.path;
    const path =
      options.id === undefined
        ? rawPath
        : rawPath.split('{id}').join(encodeURIComponent(String(options.id)));
    const headers: Record<string, string> = {
      ...actor.headers,
      ...route.headers,
      ...options.headers,
    };
    const omit = new Set((options.omitHeaders ?? []).map((name) => name.toLowerCase()));
    for (const name of Object.keys(headers)) if (omit.has(name.toLowerCase())) delete headers[name];
    // `{{unique}}`: one value per logical request; retries of one key keep it.
    const key = Object.entries(headers).find(
      ([name]) =>
        name.toLowerCase() === (route.idempotency?.header ?? 'idempotency-key').toLowerCase(),
    )?.[1];
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) body = withUniqueValues(options.rawBody, key);
    else if (options.body !== undefined) body = JSON.stringify(withUniqueValues(options.body, key));
    return {
      method: options.method ?? route.method,
      url: withQuery(this.url(path), actor.query),
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(options.note !== undefined ? { note: options.note } : {}),
      ...(options.on429 !== undefined ? { on429: options.on429 } : {}),
      route: route.id,
    };
  }

  send(route: Route, actor: Actor, options: SendOptions = {}): Promise<HttpResult> {
    return this.http.send(this.buildRequest(route, actor, options));
  }

  /** A request that could harm the target (deep nesting, oversize bodies, bursts): checked after. */
  afterRisky(result?: HttpResult): Promise<void> {
    return this.afterRiskyHook(result);
  }

  /** The route's own request with its sample body (and `options` over it). */
  sendSample(route: Route, actor: Actor, options: SendOptions = {}): Promise<HttpResult> {
    return this.send(route, actor, {
      ...(route.body !== undefined && options.rawBody === undefined ? { body: route.body } : {}),
      ...options,
    });
  }

  /** The route's request without any credential: no tenant headers, and no credential-like route header. */
  sendWithoutCredentials(route: Route, options: SendOptions = {}): Promise<HttpResult> {
    const omit = Object.keys(route.headers ?? {}).filter(isSensitiveHeaderName);
    return this.sendSample(route, this.anonymous, { ...options, omitHeaders: omit });
  }

  /** The id a 2xx answer carries at the route's `resource.idPath`. */
  idOf(route: Route, result: HttpResult): ResourceId | undefined {
    const answer = result.answer;
    if (!answer || answer.status < 200 || answer.status > 299 || !route.resource) return undefined;
    return idAt(answer.json, route.resource.idPath);
  }

  /** Remembers what a 2xx answer created, so it is deleted after the phase. Returns the id. */
  track(route: Route, actor: Actor, result: HttpResult): ResourceId | undefined {
    const id = this.idOf(route, result);
    if (id !== undefined) this.trackId(route, actor, id);
    else if (
      route.resource &&
      isSuccess(result) &&
      ['POST', 'PUT'].includes(result.request.method)
    ) {
      this.withoutId.set(route.id, (this.withoutId.get(route.id) ?? 0) + 1);
    }
    return id;
  }

  /** Remembers an id the probes created (found some other way, e.g. in a list). */
  trackId(route: Route, actor: Actor, id: ResourceId): void {
    const key = `${route.id}\u0000${String(id)}`;
    // The first creator owns it: a cross-tenant replay must not make the other tenant its owner.
    if (!this.created.has(key)) this.created.set(key, { route, actor, id });
  }

  read(route: Route, actor: Actor, id: ResourceId, note?: string): Promise<HttpResult> {
    const read = route.resource!.read!;
    return this.send(route, actor, {
      method: read.method,
      path: read.path,
      id,
      ...(note ? { note } : {}),
    });
  }

  list(route: Route, actor: Actor, note?: string): Promise<HttpResult> {
    const list = route.resource!.list!;
    return this.send(route, actor, {
      method: list.method,
      path: list.path,
      ...(note ? { note } : {}),
    });
  }

  /** Deletes what the probes created, where the route has `resource.delete` (best effort, logged). */
  async cleanUp(): Promise<void> {
    const byRoute = new Map<string, Created[]>();
    for (const item of this.created.values()) {
      byRoute.set(item.route.id, [...(byRoute.get(item.route.id) ?? []), item]);
    }
    this.created.clear();
    for (const [routeId, count] of this.withoutId) {
      this.log(
        'warn',
        `${routeId}: ${count} write(s) answered 2xx without an id; what they created and no list showed could not be deleted`,
      );
    }
    this.withoutId.clear();
    for (const [routeId, items] of byRoute) {
      const route = items[0]!.route;
      const remove = route.resource?.delete;
      if (!remove) {
        this.log(
          'warn',
          `${routeId}: ${items.length} object(s) the probes created remain (no resource.delete configured): ids ${items.map((item) => String(item.id)).join(', ')}`,
        );
        continue;
      }
      let deleted = 0;
      for (const item of items) {
        const actor = item.actor.isTenant ? item.actor : this.primary;
        try {
          const result = await this.send(route, actor, {
            method: remove.method,
            path: remove.path,
            id: item.id,
            note: 'clean-up of an object the probes created',
          });
          const status = result.answer?.status;
          if (
            status !== undefined &&
            ((status >= 200 && status < 300) || status === 404 || status === 410)
          ) {
            deleted += 1;
          } else {
            this.log(
              'warn',
              `${routeId}: could not delete ${String(item.id)}: ${remove.method} ${remove.path} ${status === undefined ? `got no answer (${result.failure?.message ?? 'unknown'})` : `answered ${status}`}`,
            );
          }
        } catch (error) {
          this.log(
            'warn',
            `${routeId}: could not delete ${String(item.id)}: ${error instanceof Error ? error.message : String(error)}`,
          );
          // Cancelled, or the budget is spent: the other deletes would fail the same way.
          if (error instanceof RunCancelledError || error instanceof BudgetExceededError) {
            const left = items.length - items.indexOf(item) - 1;
            if (left > 0)
              this.log(
                'warn',
                `${routeId}: ${left} more object(s) the probes created were not deleted`,
              );
            break;
          }
        }
      }
      if (deleted > 0)
        this.log('info', `${routeId}: deleted ${deleted} object(s) the probes created`);
    }
  }

  /** Ids still waiting for clean-up (for the run log when a run stops early). */
  get pendingCleanUp(): number {
    return this.created.size;
  }
}
