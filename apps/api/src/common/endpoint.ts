import {
  applyDecorators,
  createParamDecorator,
  HttpCode,
  Param,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  type ExecutionContext,
  type PipeTransform,
} from '@nestjs/common';
import { isUuid } from '@shakedown/db';
import {
  EmptyBodySchema,
  unstorableCharacter,
  type EndpointMethod,
  type EndpointSpec,
} from '@shakedown/core/contract';

import { invalidInput, invalidText, notFound } from './api-error';
import {
  requestIdOfRequest,
  type ContextualRequest,
  type RequestContext,
  type UserContext,
} from './request-context';
import { toIssues } from './zod-issues';

export const ENDPOINT = Symbol('shakedown:endpoint');

const METHODS: Record<EndpointMethod, RequestMethod> = {
  GET: RequestMethod.GET,
  POST: RequestMethod.POST,
  PUT: RequestMethod.PUT,
  PATCH: RequestMethod.PATCH,
  DELETE: RequestMethod.DELETE,
};

/**
 * Serves one of core's endpoint specs (`@shakedown/core/contract`): its route and success status,
 * and the spec itself as metadata for the guards, the param decorators and the OpenAPI document.
 */
export function Endpoint(spec: EndpointSpec): MethodDecorator {
  return applyDecorators(
    SetMetadata(ENDPOINT, spec),
    RequestMapping({ path: spec.path, method: METHODS[spec.method] }),
    HttpCode(spec.status ?? 200),
  );
}

export function endpointOf(context: ExecutionContext): EndpointSpec | undefined {
  return Reflect.getMetadata(ENDPOINT, context.getHandler()) as EndpointSpec | undefined;
}

function requestOf(context: ExecutionContext): ContextualRequest {
  return context.switchToHttp().getRequest<ContextualRequest>();
}

/** The request body parsed with the endpoint's `body` schema (no body counts as `{}`). */
export const ValidBody = createParamDecorator((_: unknown, context: ExecutionContext): unknown => {
  const spec = endpointOf(context);
  // No body at all counts as `{}`; a JSON `null` body is a body, and refused like any non-object.
  const raw = requestOf(context).body as unknown;
  const body = raw === undefined ? {} : raw;
  if (spec?.serviceValidates) return body;
  const schema = spec?.body ?? EmptyBodySchema;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidInput(toIssues(parsed.error, 'body'));
  return parsed.data;
});

/** The query string parsed with the endpoint's `query` schema (unknown parameters refused). */
export const ValidQuery = createParamDecorator((_: unknown, context: ExecutionContext): unknown => {
  const schema = endpointOf(context)?.query ?? EmptyBodySchema;
  const query = { ...(requestOf(context).query as Record<string, unknown>) };
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
      throw invalidInput([
        { path: `query.${key}`, message: 'must be given once, as a plain value' },
      ]);
    }
    const problem = unstorableCharacter(key) ?? unstorableCharacter(String(value));
    if (problem !== undefined) throw invalidText(key, `query.${key}`, problem);
  }
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw invalidInput(toIssues(parsed.error, 'query'));
  return parsed.data;
});

/** The organisation context the guards established. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = requestOf(context);
  const { principal, orgContext } = request;
  if (!principal || !orgContext) throw new Error('an organisation endpoint ran without its guard');
  return {
    principal,
    orgId: orgContext.orgId,
    role: orgContext.role,
    ip: request.ip ?? 'unknown',
    requestId: requestIdOfRequest(request),
    userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
  };
});

/** The signed-in user of a `user` endpoint. */
export const UserCtx = createParamDecorator(
  (_: unknown, context: ExecutionContext): UserContext => {
    const request = requestOf(context);
    const principal = request.principal;
    if (principal?.kind !== 'session') throw new Error('a user endpoint ran without a session');
    return {
      userId: principal.userId,
      sessionId: principal.sessionId,
      email: principal.email,
      csrfSecret: principal.csrfSecret,
      expiresAt: principal.expiresAt,
      ip: request.ip ?? 'unknown',
      requestId: requestIdOfRequest(request),
      userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
    };
  },
);

/** Client address and request id of a public endpoint. */
export const ClientInfo = createParamDecorator(
  (
    _: unknown,
    context: ExecutionContext,
  ): { ip: string; userAgent: string | null; requestId: string } => {
    const request = requestOf(context);
    return {
      ip: request.ip ?? 'unknown',
      userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
      requestId: requestIdOfRequest(request),
    };
  },
);

class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    // An id that cannot exist is a 404 like any other missing object (and never reaches SQL).
    if (!isUuid(value)) throw notFound('object with this id');
    return value.toLowerCase();
  }
}

/** `:id` (or another named param) as a UUID; anything else is a 404. */
export function IdParam(name = 'id'): ParameterDecorator {
  return Param(name, new ParseIdPipe());
}
