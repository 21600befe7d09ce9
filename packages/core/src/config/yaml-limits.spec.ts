import { parseConfigText } from './parse-config';
import { readYamlWithinLimits } from './yaml-limits';

/** Nine levels of ten aliases each: 10^9 values once expanded, from under 1 KB. */
function billionLaughs(): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level <= 8; level++) {
    const refs = Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ');
    lines.push(`a${level}: &a${level} [${refs}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('readYamlWithinLimits', () => {
  it('reads an ordinary document', () => {
    const read = readYamlWithinLimits('version: 1\ntarget: { name: x }\nlist: [1, 2, &a 3, *a]\n');
    expect(read.ok && read.value).toEqual({
      version: 1,
      target: { name: 'x' },
      list: [1, 2, 3, 3],
    });
  });

  it('refuses more than 2 MB as config_too_large, counting UTF-8 bytes', () => {
    const read = readYamlWithinLimits(`x: "${'é'.repeat(1024 * 1024 + 1)}"`);
    expect(read).toEqual({
      ok: false,
      refusal: {
        code: 'config_too_large',
        limit: 'maxBytes',
        message: expect.stringMatching(/limit is 2097152$/) as unknown,
      },
    });
  });

  it('refuses alias bombs, deep nesting and too many values as document_too_complex', () => {
    const refusal = (text: string) => {
      const read = readYamlWithinLimits(text);
      return read.ok
        ? undefined
        : read.refusal && { code: read.refusal.code, limit: read.refusal.limit };
    };
    expect(refusal(billionLaughs())).toEqual({ code: 'document_too_complex', limit: 'maxAliases' });
    expect(refusal(`${'['.repeat(65)}${']'.repeat(65)}`)).toEqual({
      code: 'document_too_complex',
      limit: 'maxDepth',
    });
    expect(refusal(`${'['.repeat(64)}${']'.repeat(64)}`)).toBeUndefined();
    expect(refusal(`[${Array.from({ length: 200_001 }, () => '1').join(',')}]`)).toEqual({
      code: 'document_too_complex',
      limit: 'maxNodes',
    });
    // Few aliases, each copying a large subtree: the expanded value is counted too.
    const big = `[${Array.from({ length: 60_000 }, () => '1').join(',')}]`;
    expect(refusal(`a: &a ${big}\nb: [*a, *a, *a, *a]\n`)).toEqual({
      code: 'document_too_complex',
      limit: 'maxNodes',
    });
  });

  it('leaves YAML errors to the caller, with the document that has them', () => {
    const read = readYamlWithinLimits('a: [1, 2\n');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.refusal).toBeUndefined();
    expect(!read.ok && read.document?.errors.length).toBeGreaterThan(0);
  });
});

describe('parseConfigText within the limits', () => {
  it('answers an alias bomb with an issue instead of throwing', () => {
    const result = parseConfigText(billionLaughs());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]?.message).toMatch(/more than 50 aliases/);
  });
});
