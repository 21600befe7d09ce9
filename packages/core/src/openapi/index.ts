export * from './import-openapi';
export { keptOperations } from './render-yaml';
export type * from './import-result';
export {
  DEFAULT_IMPORT_LIMITS,
  type OpenApiImportErrorCode,
  type OpenApiImportLimits,
} from './import-limits';
export type { DocumentFormat } from './load-document';
export type { SecuritySchemeSummary } from './security';
