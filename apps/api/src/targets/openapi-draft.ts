import { ErrorCode, type OpenApiDraft } from '@shakedown/core/contract';
import type { OpenApiImportResult } from '@shakedown/core/openapi';

import { ApiError } from '../common/api-error';

/**
 * `POST /targets/openapi-draft` answers with core's `importOpenApi` (docs/import.md), the same
 * function as `shakedown init`, run off the event loop by `OpenApiDraftRunner`: a draft, or a
 * 400 naming each problem of the document (422 past the import's own limits).
 */
export function toOpenApiDraft(result: OpenApiImportResult, field = 'body.document'): OpenApiDraft {
  if (!result.ok) {
    const [first] = result.issues;
    const tooComplex = result.code === 'document_too_complex';
    throw new ApiError(
      tooComplex ? 422 : 400,
      tooComplex ? ErrorCode.documentTooComplex : ErrorCode.invalidOpenApi,
      `${field}: ${first?.message ?? 'not an OpenAPI 3.x or Swagger 2.0 document'}`,
      {
        reason: result.code,
        issues: result.issues.map((issue) => ({
          path: `${field}${issue.path ? `.${issue.path}` : ''}`,
          message: issue.message,
        })),
      },
    );
  }
  return {
    config: result.config,
    yaml: result.yaml,
    warnings: result.warnings.map((warning) =>
      warning.operation ? `${warning.operation}: ${warning.message}` : warning.message,
    ),
    kept: result.kept,
    leftOut: result.leftOut,
    securitySchemes: result.securitySchemes,
    env: result.env,
    source: result.source,
  };
}
