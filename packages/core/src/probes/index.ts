export { TargetUnreachableError, resolveInclude, runProbes } from './engine';
export type { ProbeProgress, RunProbesOptions } from './engine';
export { PARALLEL_REQUESTS } from './idempotency/parallel-retries.check';
export { findStackTrace } from './errors/stack-traces';
