export * from './report.schema';
export * from './evidence-summary';
export * from './json';
export * from './junit';
export * from './sarif';
export * from './text';
