// The HTTP API's contract: request and response schemas of every endpoint and the error codes.
// Isomorphic (no Node built-ins): the dashboard parses the API's answers with these.
export * from './error-codes';
export * from './error.schema';
export * from './common.schema';
export * from './text.schema';
export * from './auth.schema';
export * from './orgs.schema';
export * from './targets.schema';
export * from './runs.schema';
export * from './webhooks.schema';
export * from './estimator.schema';
export * from './endpoints';
export * from './client';
export { describeCron } from './cron-text';
