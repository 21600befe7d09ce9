export * from './budget';
export * from './clock';
