const path = require('node:path');
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.spec.{ts,tsx}', '<rootDir>/e2e/**/*.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/src/testing/setup-tests.ts'],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^@shakedown/core/(.*)$': path.join(__dirname, '../../packages/core/src/$1'),
    '\\.css$': '<rootDir>/src/testing/style-stub.ts',
  },
};
