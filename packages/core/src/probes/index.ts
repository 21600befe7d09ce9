export { TargetUnreachableError, resolveInclude, runProbes } from './engine';
