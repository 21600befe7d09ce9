import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { InvalidCursorError } from '@shakedown/db';
import { ErrorCode, type ErrorBody } from '@shakedown/core/contract';
import type { Response } from 'express';

import { ApiError } from './api-error';
import { requestIdOfRequest, type ContextualRequest } from './request-context';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.validationFailed,
  401: ErrorCode.unauthenticated,
  403: ErrorCode.forbidden,
  404: ErrorCode.notFound,
  405: ErrorCode.notFound,
  409: ErrorCode.idempotencyInProgress,
  413: ErrorCode.payloadTooLarge,
  415: ErrorCode.unsupportedMediaType,
  429: ErrorCode.rateLimited,
  503: ErrorCode.serviceUnavailable,
};

/**
 * The one error shape, whatever failed: domain refusals keep their code; Nest's own exceptions
 * (unknown route…) get the code of their status; anything else is logged with the request id
 * and answered 500 (or 503 when the database or Redis is unreachable) without internals.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<ContextualRequest>();
    const response = http.getResponse<Response>();
    const requestId = requestIdOfRequest(request);
    const { status, code, message, details, headers } = this.describe(
      exception,
      request,
      requestId,
    );
    if (response.headersSent) {
      response.end();
      return;
    }
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (!response.getHeader('X-Request-Id')) response.setHeader('X-Request-Id', requestId);
    const body: ErrorBody = {
      error: { code, message, requestId, ...(details ? { details } : {}) },
    };
    response.status(status).json(body);
  }

  private describe(
    exception: unknown,
    request: ContextualRequest,
    requestId: string,
  ): {
    status: number;
    code: ErrorCode;
    message: string;
    details?: Record<string, unknown>;
    headers: Record<string, string>;
  } {
    if (exception instanceof ApiError) {
      return {
        status: exception.status,
        code: exception.code,
        message: exception.message,
        ...(exception.details ? { details: exception.details } : {}),
        headers: exception.headers,
      };
    }
    if (exception instanceof InvalidCursorError) {
      return {
        status: 400,
        code: ErrorCode.validationFailed,
        message: 'query.cursor: is not a cursor this API returned',
        details: {
          issues: [{ path: 'query.cursor', message: 'is not a cursor this API returned' }],
        },
        headers: {},
      };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const message =
        status === 404
          ? `no route ${request.method} ${request.path}`
          : exception.message.replace(/\s+at .*/s, '');
      return {
        status,
        code: STATUS_CODES[status] ?? ErrorCode.validationFailed,
        message,
        headers: {},
      };
    }
    if (isUnavailable(exception)) {
      this.logger.error({ err: exception, requestId }, 'a dependency is unavailable');
      return {
        status: 503,
        code: ErrorCode.serviceUnavailable,
        message: 'the service is temporarily unavailable; retry shortly',
        headers: { 'Retry-After': '5' },
      };
    }
    this.logger.error({ err: exception, requestId }, 'unexpected error');
    return {
      status: 500,
      code: ErrorCode.internal,
      message: `something went wrong on our side; quote request id ${requestId}`,
      headers: {},
    };
  }
}

function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  const name = (error as { name?: unknown }).name;
  const raw = (error as { message?: unknown }).message;
  const message = typeof raw === 'string' ? raw : '';
  return (
    code === 'ECONNREFUSED' ||
    code === 'P1001' ||
    code === 'P2024' ||
    name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|connect ECONNREFUSED|Can't reach database/i.test(message)
  );
}
