import { paddedBody } from './body-mutations';

describe('paddedBody', () => {
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
