export * from './estimate-capacity';
export * from './estimator-input.schema';
