// Writes one package's test counts to test-results/counts.json, so the root test command can
// add up every package and print the closing `N passed, N failed` line.
const fs = require('node:fs');
const path = require('node:path');

class CountReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const counts = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      failedSuites: results.testResults
        .filter((suite) => suite.testExecError || suite.numFailingTests > 0)
        .map((suite) => path.relative(this.rootDir, suite.testFilePath)),
    };
    const dir = path.join(this.rootDir, 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'counts.json'), JSON.stringify(counts, null, 2));
  }
}

module.exports = CountReporter;
