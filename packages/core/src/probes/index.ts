export { TargetUnreachableError, resolveInclude, runProbes } from './engine';
export type { ProbeProgress, RunProbesOptions } from './engine';
export { PARALLEL_REQUESTS } from './idempotency.probe';
export { findStackTrace } from './stack-traces';
