import { paddedBody } from './body-mutations';

describe('paddedBody', () => {
  const size = 4096;

  it('grows the longest top-level string', () => {
    const padded = paddedBody({ title: 'ab', note: 'longer note', qty: 1 }, size)!;
    expect(padded.field).toBe('note');
    expect(Buffer.byteLength(padded.text)).toBe(size);
    expect(JSON.parse(padded.text)).toMatchObject({ title: 'ab', qty: 1 });
  });

  it('grows a nested string when the object has no top-level string', () => {
    const body = { qty: 1, meta: { tags: [1], label: 'gift' }, express: false };
    const padded = paddedBody(body, size)!;
    expect(padded.field).toBe('meta.label');
    expect(Buffer.byteLength(padded.text)).toBe(size);
    const parsed = JSON.parse(padded.text) as { meta: { label: string } } & Record<string, unknown>;
    expect(parsed.meta.label.startsWith('giftxxx')).toBe(true);
    expect({ ...parsed, meta: { ...parsed.meta, label: 'gift' } }).toEqual(body);
  });

  it('adds a padding field only when the body has no string at all', () => {
    const padded = paddedBody({ qty: 1, flags: { on: true } }, size)!;
    expect(padded.field).toBe('shakedown_padding');
    expect(Buffer.byteLength(padded.text)).toBe(size);
    expect(paddedBody({ qty: 1 }, 10)).toBeUndefined();
    expect(paddedBody([1, 2], size)).toBeUndefined();
  });

  it('pads the longest string field to the size asked for', () => {
    const padded = paddedBody({ title: 'ab', body: 'abcdef', qty: 1 }, 1000)!;
    expect(padded.field).toBe('body');
    expect(Buffer.byteLength(padded.text)).toBe(1000);
    expect(JSON.parse(padded.text)).toMatchObject({ title: 'ab', qty: 1 });
  });

  it('pads a field without {{unique}} before a longer one with it (names are length-checked)', () => {
    const body = { title: 'Groceries-{{unique}}', body: 'milk' };
    const padded = paddedBody(body, 500)!;
    expect(padded.field).toBe('body');
    expect((JSON.parse(padded.text) as { title: string }).title).toBe('Groceries-{{unique}}');
  });

  it('pads a {{unique}} field when it is the only string', () => {
    expect(paddedBody({ email: 'u-{{unique}}@example.com', qty: 1 }, 500)!.field).toBe('email');
  });
});
