import { findUnstorableText, unstorableCharacter } from './text.schema';

describe('unstorableCharacter', () => {
  it('refuses NUL and lone surrogates of either half', () => {
    expect(unstorableCharacter('a\u0000b')).toBe('contains a NUL character (U+0000)');
    expect(unstorableCharacter('\ud800')).toBe('contains a lone surrogate (U+D800)');
    expect(unstorableCharacter('x\udfffy')).toBe('contains a lone surrogate (U+DFFF)');
    expect(unstorableCharacter('\ud800x')).toBe('contains a lone surrogate (U+D800)');
  });

  it('accepts paired surrogates, RTL and combining marks, and long text', () => {
    expect(unstorableCharacter('emoji 😀 שלום e\u0301 \u202e')).toBeUndefined();
    expect(unstorableCharacter('x'.repeat(10_000))).toBeUndefined();
    expect(unstorableCharacter('')).toBeUndefined();
  });
});

describe('findUnstorableText', () => {
  it('names the value by its JSON Pointer, keys included', () => {
    expect(findUnstorableText({ name: 'a\u0000b' })).toEqual({
      pointer: '/name',
      problem: 'contains a NUL character (U+0000)',
    });
    expect(findUnstorableText({ a: [{ ok: 'x' }, { 'b/c': '\udc00' }] })?.pointer).toBe(
      '/a/1/b~1c',
    );
    expect(findUnstorableText({ tenants: { '\ud800': {} } })).toEqual({
      pointer: '/tenants/\ud800',
      problem: 'has a key that contains a lone surrogate (U+D800)',
    });
  });

  it('finds nothing in storable values of every type', () => {
    expect(findUnstorableText({ a: 1, b: null, c: [true, 'ü'], d: { e: '😀' } })).toBeUndefined();
    expect(findUnstorableText('plain')).toBeUndefined();
    expect(findUnstorableText(undefined)).toBeUndefined();
  });
});
