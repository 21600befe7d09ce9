import { valuesAtPath } from './json-tools';

describe('valuesAtPath', () => {
  it('follows the path from any object holding its first key, wrappers included', () => {
    expect(valuesAtPath({ address: { zip: '1' } }, ['address', 'zip'])).toEqual(['1']);
    expect(valuesAtPath({ data: { address: { zip: '1' } } }, ['address', 'zip'])).toEqual(['1']);
    expect(valuesAtPath({ note: 'x' }, ['note'])).toEqual(['x']);
  });

  it('never matches the last key by name at another depth', () => {
    const back = { zip: 'x'.repeat(11), address: { line: 'a' }, billing: { zip: 'x'.repeat(11) } };
    expect(valuesAtPath(back, ['address', 'zip'])).toEqual([]);
    expect(valuesAtPath({ address: 'flat' }, ['address', 'zip'])).toEqual([]);
  });
});
