import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadConfigFile } from './config-file';
import { CliError, ExitCode } from './exit-codes';
import { captureIo } from './testing/capture-io';

// The YAML limits of core's readYamlWithinLimits, as the CLI meets them: usage errors (exit 2)
// naming the limit, never a crash.
describe('config files past the YAML limits', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'shakedown-limits-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function refusal(name: string, text: string): Promise<CliError> {
    writeFileSync(path.join(dir, name), text);
    const error = await loadConfigFile(name, captureIo({ cwd: dir })).then(
      () => new Error('the config was accepted'),
      (caught: unknown) => caught,
    );
    if (!(error instanceof CliError)) throw error;
    return error;
  }

  it('exits 2 for a file over 2 MB', async () => {
    const error = await refusal('big.yml', `version: 1\npad: "${'x'.repeat(2 * 1024 * 1024)}"\n`);
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toMatch(/^big\.yml: the document is \d+ bytes; the limit is 2097152/);
  });

  it('exits 2 for an alias bomb and for nesting past 64 levels', async () => {
    const anchors = ['a0: &a0 [x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) {
      anchors.push(
        `a${level}: &a${level} [${Array(8)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    }
    const bomb = await refusal('bomb.yml', `${anchors.join('\n')}\n`);
    expect(bomb.exitCode).toBe(ExitCode.usage);
    expect(bomb.message).toContain('more than 50 aliases');
    const deep = await refusal('deep.yml', `x: ${'['.repeat(70)}${']'.repeat(70)}\n`);
    expect(deep.exitCode).toBe(ExitCode.usage);
    expect(deep.message).toContain('nests deeper than 64 levels');
  });
});
