import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The shape every contributor keeps (CONTRIBUTING.md): source files small enough to read in one
// sitting, and no block of code written twice. Both are measured over the files git tracks, so a
// clone checks exactly what was committed.

const REPOSITORY = join(__dirname, '..', '..');
const MAX_SOURCE_LINES = 350;
const SOURCE = /\.(ts|tsx|mjs|cjs|js)$/;
/** Tests, their support code and what a tool wrote are not held to the size rule. */
const NOT_HELD_TO_SIZE = [
  /\.spec\.tsx?$/,
  /(^|\/)(test|testing|e2e)\//,
  /(^|\/)migrations\//,
  /\.d\.ts$/,
  /(^|\/)dist\//,
];

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: REPOSITORY, encoding: 'utf8' })
    .split('\0')
    .filter((file) => SOURCE.test(file));
}

interface Clone {
  lines: number;
  firstFile: { name: string; start: number; end: number };
  secondFile: { name: string; start: number; end: number };
}

function clones(): Clone[] {
  const output = mkdtempSync(join(tmpdir(), 'shakedown-jscpd-'));
  try {
    execFileSync(
      join(__dirname, '..', 'node_modules', '.bin', 'jscpd'),
      ['-c', join(__dirname, '..', 'jscpd.json'), '-r', 'json', '-o', output, '--silent', '.'],
      { cwd: REPOSITORY, stdio: 'pipe' },
    );
    const report = JSON.parse(readFileSync(join(output, 'jscpd-report.json'), 'utf8')) as {
      duplicates: Clone[];
    };
    return report.duplicates;
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
}

describe('the repository keeps its shape', () => {
  it(`has no non-test source file of ${MAX_SOURCE_LINES} lines or more`, () => {
    const tooLong = trackedFiles()
      .filter((file) => !NOT_HELD_TO_SIZE.some((pattern) => pattern.test(file)))
      .map((file) => ({
        file,
        lines: readFileSync(join(REPOSITORY, file), 'utf8').split('\n').length - 1,
      }))
      .filter(({ lines }) => lines >= MAX_SOURCE_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(tooLong).toEqual([]);
  });

  it('repeats no block of six or more lines', () => {
    const repeated = clones().map(
      (clone) =>
        `${clone.lines} lines: ${clone.firstFile.name}:${clone.firstFile.start}-${clone.firstFile.end}` +
        ` ~ ${clone.secondFile.name}:${clone.secondFile.start}-${clone.secondFile.end}`,
    );
    expect(repeated).toEqual([]);
  });
});
