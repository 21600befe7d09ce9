// The typed client of the API's endpoints, over `fetch`: the dashboard and the CLI wrap it.
export * from './api-error';
export * from './contract-client';
export * from './path-params';
