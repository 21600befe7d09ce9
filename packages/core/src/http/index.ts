export * from './budget';
export * from './clock';
export * from './evidence';
export * from './guarded-connector';
export * from './http-client';
export * from './network-policy';
export * from './rate-limit-hints';
