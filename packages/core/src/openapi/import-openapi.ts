import { parseConfigDocument } from '../config/parse-config';
import { buildDraft } from './build-draft';
import {
  DEFAULT_IMPORT_LIMITS,
  ImportBudget,
  OpenApiImportError,
  tooComplex,
} from './import-limits';
import type { OpenApiImportOptions, OpenApiImportResult } from './import-result';
import { isObject, scalarText } from './json';
import { loadDocument } from './load-document';
import { renderDraftYaml } from './render-yaml';
import { createSampleContext } from './sample-body';
import { createSampleAjv } from './sample-validator';

/**
 * OpenAPI 3.0/3.1 or Swagger 2.0 (JSON or YAML text) → a draft config of docs/spec/config.md,
 * its commented YAML, and the lists a person reviews: what was kept, what was left out and
 * why, what to check. The one import of the CLI (`shakedown init`), the API
 * (`POST /targets/openapi-draft`) and the dashboard. Reads nothing but `text`: no network, no
 * files. Bounded by `options.limits`; past them the answer is `document_too_complex`.
 */
export async function importOpenApi(
  text: string,
  options: OpenApiImportOptions = {},
): Promise<OpenApiImportResult> {
  const budget = new ImportBudget({ ...DEFAULT_IMPORT_LIMITS, ...options.limits });
  try {
    const loaded = await loadDocument(text, budget);
    const context = await createSampleContext(
      createSampleAjv(),
      budget,
      loaded.format !== 'openapi-3.1',
    );
    const draft = buildDraft(loaded, options, context);
    budget.checkTime('drafting the routes');
    if ((draft.config.routes as unknown[]).length === 0) {
      return {
        ok: false,
        code: 'invalid_openapi',
        issues: [
          {
            path: 'paths',
            message: `none of the ${draft.operationCount} operations can be drafted`,
          },
          ...draft.leftOut
            .slice(0, 20)
            .map((entry) => ({ path: 'paths', message: `${entry.operation}: ${entry.reason}` })),
        ],
      };
    }
    const size = JSON.stringify(draft.config).length;
    if (size > budget.limits.maxDraftBytes) {
      throw tooComplex(
        `the draft would be ${size} bytes; the limit is ${budget.limits.maxDraftBytes}`,
      );
    }
    const checked = parseConfigDocument(draft.config);
    if (!checked.ok) {
      return {
        ok: false,
        code: 'invalid_openapi',
        issues: checked.issues.map((issue) => ({
          path: '',
          message: `the draft is not a valid config (${issue.path}: ${issue.message}); check the document's servers and paths`,
        })),
      };
    }
    const info = isObject(loaded.document.info) ? loaded.document.info : {};
    const result = {
      config: draft.config,
      source: {
        format: loaded.format,
        version: loaded.version,
        title: scalarText(info.title) ?? '',
        operations: draft.operationCount,
      },
      kept: draft.kept,
      leftOut: draft.leftOut,
      warnings: draft.warnings,
      securitySchemes: draft.securitySchemes,
      env: envNames(draft.config),
    };
    return { ok: true, ...result, yaml: renderDraftYaml(result) };
  } catch (error) {
    if (error instanceof OpenApiImportError) {
      return {
        ok: false,
        code: error.code,
        issues: [{ path: error.path, message: error.message }],
      };
    }
    throw error;
  }
}

/** The `${NAME}` placeholders of a config, in order of appearance. */
export function envNames(config: unknown): string[] {
  const names = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === 'string')
      for (const match of value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) names.add(match[1]!);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) Object.values(value).forEach(visit);
  };
  visit(config);
  return [...names];
}
