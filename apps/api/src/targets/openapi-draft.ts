import { ErrorCode, type OpenApiDraft, type OpenApiDraftRequest } from '@shakedown/core/contract';
import { importOpenApi, type OpenApiImportResult } from '@shakedown/core/openapi';

import { ApiError } from '../common/api-error';

/**
 * `POST /targets/openapi-draft`: core's `importOpenApi`, the same function as `shakedown init`
 * (docs/import.md). Reads only the text it is given: a remote `$ref` is never fetched.
 */
export async function draftFromOpenApi(input: OpenApiDraftRequest): Promise<OpenApiDraft> {
  return toOpenApiDraft(
    await importOpenApi(input.document, {
      ...(input.baseUrl === undefined ? {} : { baseUrl: input.baseUrl }),
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.include === undefined ? {} : { include: input.include }),
    }),
  );
}

/** The import's answer as the API's: a draft, or a 400 naming each problem of the document. */
export function toOpenApiDraft(result: OpenApiImportResult): OpenApiDraft {
  if (!result.ok) {
    const [first] = result.issues;
    throw new ApiError(
      400,
      ErrorCode.invalidOpenApi,
      first?.message ?? 'not an OpenAPI 3.x or Swagger 2.0 document',
      {
        reason: result.code,
        issues: result.issues.map((issue) => ({
          path: `body.document${issue.path ? `.${issue.path}` : ''}`,
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
