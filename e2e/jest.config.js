module.exports = { ...require('../jest.preset.js'), rootDir: __dirname, testTimeout: 300_000 };
