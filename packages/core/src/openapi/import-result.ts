import type { OpenApiImportErrorCode, OpenApiImportLimits } from './import-limits';
import type { DocumentFormat } from './load-document';
import type { SecuritySchemeSummary } from './security';

export interface OpenApiImportOptions {
  /** Overrides the document's first `servers[].url`. */
  baseUrl?: string;
  /** Where the document was downloaded from: relative `servers` (or none) resolve against it. */
  documentUrl?: string;
  /** Overrides `info.title`. */
  name?: string;
  /**
   * Operations left out by default that the user opts into, as `METHOD /path` (the path as
   * the document writes it) or operationId: sign-out, bulk writes, creates inside an existing
   * parent object, and the like (each left-out entry says whether it can be opted into).
   */
  include?: readonly string[];
  limits?: Partial<OpenApiImportLimits>;
}

/** An operation of the document that is in the draft, and where. */
export interface KeptOperation {
  /** `POST /things`, the path as the document writes it. */
  operation: string;
  operationId?: string;
  /** The route of the config it became, or whose resource it belongs to. */
  routeId: string;
  role: 'route' | 'resource.read' | 'resource.update' | 'resource.delete' | 'resource.list';
  public: boolean;
  /** What a reader should know: where the body came from, the rate-limit burst, … */
  notes: string[];
}

export type LeftOutCategory =
  /** Could break the run or reach objects it did not create: sign-out, bulk writes, … */
  | 'unsafe'
  /** Acts on an object the run does not create, so it would need an invented id. */
  | 'not-created'
  /** Needs credentials the draft's tenants do not carry. */
  | 'credentials'
  /** Cannot be expressed in the config: not JSON, HEAD, an external schema. */
  | 'unsupported';

export interface LeftOutOperation {
  operation: string;
  operationId?: string;
  category: LeftOutCategory;
  reason: string;
  /** Whether naming it in `include` puts it in the draft. */
  canOptIn: boolean;
}

export interface ImportWarning {
  /** `POST /things`; absent for the document as a whole. */
  operation?: string;
  message: string;
}

export interface OpenApiImportSource {
  format: DocumentFormat;
  version: string;
  title: string;
  /** Operations in the document (every method). */
  operations: number;
}

export interface OpenApiImport {
  ok: true;
  /** The draft config (docs/spec/config.md), valid per core's schema, `${ENV}` left in place. */
  config: Record<string, unknown>;
  /** The same draft as commented YAML: what was kept, left out and why, what to fill in. */
  yaml: string;
  source: OpenApiImportSource;
  kept: KeptOperation[];
  leftOut: LeftOutOperation[];
  warnings: ImportWarning[];
  securitySchemes: SecuritySchemeSummary[];
  /** The environment variables the draft reads (`${NAME}`), in order of appearance. */
  env: string[];
}

/** A problem with the uploaded document as a whole (the draft could not be made). */
export interface OpenApiIssue {
  /** Where in the document, e.g. `paths`; empty for the document itself. */
  path: string;
  message: string;
}

export interface OpenApiImportFailure {
  ok: false;
  code: OpenApiImportErrorCode;
  issues: OpenApiIssue[];
}

export type OpenApiImportResult = OpenApiImport | OpenApiImportFailure;
