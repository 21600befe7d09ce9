import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';

import { findUnstorableText } from '@shakedown/core/contract';

import { invalidText } from './api-error';
import { endpointOf } from './endpoint';
import { DEFAULT_BODY_LIMIT, LARGE_BODY_LIMIT, readJsonBody } from './json-body';
import type { ContextualRequest } from './request-context';

/**
 * Reads the body after authentication and rate limiting (so refused callers cost no parsing),
 * with the endpoint's size limit, and refuses text PostgreSQL cannot store (`400 invalid_text`
 * naming the field) before any schema or service sees it. Nest's own body parser is off.
 */
@Injectable()
export class BodyGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ContextualRequest>();
    if (!['POST', 'PUT', 'PATCH'].includes(request.method)) return true;
    const limit = endpointOf(context)?.largeBody ? LARGE_BODY_LIMIT : DEFAULT_BODY_LIMIT;
    const body = await readJsonBody(request, limit);
    const unstorable = findUnstorableText(body);
    if (unstorable) {
      const where = `body${unstorable.pointer.replace(/\//g, '.')}`;
      throw invalidText(unstorable.pointer, where, unstorable.problem);
    }
    request.body = body;
    return true;
  }
}
