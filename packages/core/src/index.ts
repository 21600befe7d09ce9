// The package root re-exports the isomorphic parts. Node-only parts (http, probes, load,
// engine) are imported by subpath, e.g. `@shakedown/core/probes`.
export * from './config';
export * from './findings';
export * from './jobs';
export * from './report';
