export * from './config.schema';
export * from './parse-config';
export * from './units';
export * from './unique-placeholder';
