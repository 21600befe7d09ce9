export * from './org.factory';
export * from './target.factory';
export * from './run.factory';
