export { createTestDatabase, type TestDatabase } from './test-database';
export * from './factories/index';
