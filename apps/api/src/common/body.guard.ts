import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';

import { endpointOf } from './endpoint';
import { DEFAULT_BODY_LIMIT, LARGE_BODY_LIMIT, readJsonBody } from './json-body';
import type { ContextualRequest } from './request-context';

/**
 * Reads the body after authentication and rate limiting (so refused callers cost no parsing),
 * with the endpoint's size limit. Nest's own body parser is off.
 */
@Injectable()
export class BodyGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ContextualRequest>();
    if (!['POST', 'PUT', 'PATCH'].includes(request.method)) return true;
    const limit = endpointOf(context)?.largeBody ? LARGE_BODY_LIMIT : DEFAULT_BODY_LIMIT;
    request.body = await readJsonBody(request, limit);
    return true;
  }
}
