export * from './job-contract';
export * from './jobs';
