export { TargetUnreachableError, resolveInclude, runProbes } from './engine';
export type { RunProbesOptions } from './engine';
export type { ProbeProgress } from './check-ledger';
export { PARALLEL_REQUESTS } from './idempotency/parallel-retries.check';
export { findStackTrace } from './errors/stack-traces';
