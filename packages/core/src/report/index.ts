export * from './report.schema';
