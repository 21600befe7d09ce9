import { uniqueValueFor, withUniqueValues } from './unique-values';

describe('{{unique}} in request bodies', () => {
  it('draws a fresh value per request, of 8 letters and digits', () => {
    const values = new Set(Array.from({ length: 50 }, () => uniqueValueFor(undefined)));
    expect(values.size).toBe(50);
    for (const value of values) expect(value).toMatch(/^[a-z0-9]{8}$/);
  });

  it('keeps one value for every retry of one Idempotency-Key', () => {
    expect(uniqueValueFor('key-1')).toBe(uniqueValueFor('key-1'));
    expect(uniqueValueFor('key-1')).not.toBe(uniqueValueFor('key-2'));
  });

  it('fills JSON bodies field by field and raw text as text, one value per body', () => {
    const body = withUniqueValues({ email: 'u-{{unique}}@example.com', slug: 's-{{unique}}' }, 'k');
    const value = uniqueValueFor('k');
    expect(body).toEqual({ email: `u-${value}@example.com`, slug: `s-${value}` });
    expect(withUniqueValues('{"name":"n-{{unique}}"', 'k')).toBe(`{"name":"n-${value}"`);
    const bytes = Buffer.from('{{unique}}');
    expect(withUniqueValues(bytes, 'k')).toBe(bytes);
  });
});
