// The API's endpoints as data, one file per resource: the API serves them, the OpenAPI
// document describes them and the dashboard and the CLI call them through `ContractClient`.
export * from './endpoint-spec';
export * from './auth.endpoints';
export * from './health.endpoints';
export * from './metrics.endpoints';
export * from './orgs.endpoints';
export * from './runs.endpoints';
export * from './targets.endpoints';
export * from './webhooks.endpoints';
