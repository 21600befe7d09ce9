export * from './openapi-draft';
