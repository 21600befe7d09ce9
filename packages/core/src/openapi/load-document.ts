import { dereference, validate } from '@readme/openapi-parser';
import { convertObj } from 'swagger2openapi';
import { parse as parseYaml } from 'yaml';

import {
  countExpandedNodes,
  countNodes,
  expansionAllowance,
  OpenApiImportError,
  tooComplex,
  type ImportBudget,
} from './import-limits';
import { isObject, type Json } from './json';

export type DocumentFormat = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

/** The document, read, converted to OpenAPI 3 and dereferenced, with what was noticed on the way. */
export interface LoadedDocument {
  format: DocumentFormat;
  /** The document's own `swagger`/`openapi` value, e.g. `3.0.3`. */
  version: string;
  /** OpenAPI 3.x with every local `$ref` replaced by its target (cycles stay cycles). */
  document: Json;
  /** What validation against the OpenAPI schema of the document's version found. */
  validationErrors: string[];
}

const SHOWN_VALIDATION_ERRORS = 5;

/**
 * Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document from JSON or YAML text. Swagger 2.0 is
 * converted by swagger2openapi. `$ref`s to other files or URLs are never followed: they stay in
 * place and the operations that need them say so (the hosted service is no proxy to fetch an
 * address someone wrote in a document).
 */
export async function loadDocument(text: string, budget: ImportBudget): Promise<LoadedDocument> {
  if (text.length > budget.limits.maxDocumentBytes) {
    throw tooComplex(
      `the document is ${text.length} characters long; the limit is ${budget.limits.maxDocumentBytes}`,
    );
  }
  const parsed = parseText(text);
  const { format, version } = detectFormat(parsed);
  const openapi = format === 'swagger-2.0' ? await convertSwagger(parsed) : parsed;
  if (!isObject(openapi.paths)) {
    throw new OpenApiImportError('invalid_openapi', 'has no paths to turn into routes', 'paths');
  }
  budget.checkTime('reading the document');

  const sourceNodes = countNodes(openapi);
  const document = (await dereference(structuredClone(openapi) as never, {
    resolve: { external: false, file: false },
    dereference: { circular: true },
    timeoutMs: budget.limits.maxMs,
  }).catch(rethrowAsDocumentProblem)) as unknown as Json;
  const allowance = expansionAllowance(budget.limits, sourceNodes);
  const expanded = countExpandedNodes(document, allowance);
  if (expanded > allowance) {
    throw tooComplex(
      `the document's $refs expand its ${sourceNodes} values to more than ${allowance}; ` +
        'schemas that refer to each other this often cannot be drafted within the limits',
    );
  }
  budget.checkTime('dereferencing the document');

  // The parser validates in place: it gets the document as read, which nothing else uses.
  const validation = await validate(parsed as never, {
    resolve: { external: false, file: false },
    timeoutMs: budget.limits.maxMs,
  });
  budget.checkTime('validating the document');
  return {
    format,
    version,
    document,
    validationErrors: validation.valid ? [] : describeValidation(validation),
  };
}

/**
 * The $ref parser's complaints about the document (a local `$ref` to nothing, a malformed
 * pointer) are the document's problem, named, not an internal error; its timeout is a limit.
 */
function rethrowAsDocumentProblem(error: unknown): never {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'TimeoutError') throw tooComplex(`dereferencing took too long: ${message}`);
  if (/Pointer|Resolver|Parser|Reference/i.test(name) || /\$ref/i.test(message)) {
    throw new OpenApiImportError('invalid_openapi', `a $ref cannot be resolved: ${message}`);
  }
  throw error;
}

function parseText(text: string): Json {
  let parsed: unknown;
  const trimmed = text.trimStart();
  try {
    parsed = trimmed.startsWith('{') ? JSON.parse(trimmed) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) {
    try {
      parsed = parseYaml(text, { maxAliasCount: 100, uniqueKeys: false, prettyErrors: false });
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : 'parse error';
      throw new OpenApiImportError('invalid_openapi', `not valid JSON or YAML: ${message}`);
    }
  }
  if (!isObject(parsed)) {
    throw new OpenApiImportError('invalid_openapi', 'must be an OpenAPI document (an object)');
  }
  return parsed;
}

function detectFormat(document: Json): { format: DocumentFormat; version: string } {
  if (typeof document.swagger === 'string' || typeof document.swagger === 'number') {
    const version = String(document.swagger);
    if (version === '2.0' || version === '2') return { format: 'swagger-2.0', version };
    throw new OpenApiImportError(
      'invalid_openapi',
      `swagger ${version} is not supported: use Swagger 2.0 or OpenAPI 3.x`,
      'swagger',
    );
  }
  if (typeof document.openapi === 'string') {
    if (document.openapi.startsWith('3.0')) {
      return { format: 'openapi-3.0', version: document.openapi };
    }
    if (/^3\.[1-9]/.test(document.openapi)) {
      return { format: 'openapi-3.1', version: document.openapi };
    }
  }
  throw new OpenApiImportError(
    'invalid_openapi',
    'must be an OpenAPI 3.x or Swagger 2.0 document (no `openapi: 3.x` or `swagger: "2.0"` field)',
    'openapi',
  );
}

async function convertSwagger(document: Json): Promise<Json> {
  try {
    const converted = await convertObj(structuredClone(document) as never, {
      patch: true,
      warnOnly: true,
      resolve: false,
      resolveInternal: false,
    });
    return converted.openapi as unknown as Json;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : 'conversion failed';
    throw new OpenApiImportError(
      'invalid_openapi',
      `the Swagger 2.0 document could not be converted to OpenAPI 3: ${message}`,
    );
  }
}

function describeValidation(result: {
  errors: { message: string }[];
  additionalErrors: number;
}): string[] {
  const shown = result.errors
    .slice(0, SHOWN_VALIDATION_ERRORS)
    .map((error) => error.message.split('\n')[0]!.trim());
  const hidden = result.errors.length - shown.length + result.additionalErrors;
  return hidden > 0 ? [...shown, `and ${hidden} more`] : shown;
}
