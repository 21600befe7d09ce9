import { constraintViolations } from './constraint-violations';

type Row = [string, string, unknown];
const rows = (sample: Record<string, unknown>, schema: Record<string, unknown>): Row[] =>
  constraintViolations(sample, schema).map(({ field, constraint, value }) => [
    field,
    constraint,
    value,
  ]);

describe('constraintViolations: lengths, multiples, consts and arrays', () => {
  it('breaks minLength with the sample’s own untrimmable prefix, and marks an empty string', () => {
    const schema = {
      properties: {
        name: { type: 'string', minLength: 4 },
        spaced: { type: 'string', minLength: 4 },
        code: { type: 'string', minLength: 1 },
        odd: { type: 'string', minLength: 0 },
      },
    };
    const violations = constraintViolations({ name: 'Ada Lovelace', spaced: 'ab cd' }, schema);
    expect(violations.map((item) => [item.field, item.value, item.emptyLike])).toEqual([
      ['name', 'Ada', undefined],
      // "ab " could come back trimmed: `x`s have nothing to trim.
      ['spaced', 'xxx', undefined],
      ['code', '', true],
    ]);
  });

  it('breaks multipleOf with a near value that is no multiple, of the right type', () => {
    const schema = {
      properties: {
        step: { type: 'integer', multipleOf: 5 },
        unit: { type: 'integer', multipleOf: 1 },
        half: { type: 'integer', multipleOf: 0.5 },
        cents: { type: 'number', multipleOf: 0.01 },
      },
    };
    expect(rows({ step: 10, cents: 1.25 }, schema)).toEqual([
      ['step', 'multipleOf: 5', 11],
      ['cents', 'multipleOf: 0.01', 1.255],
    ]);
  });

  it('breaks a primitive const, never with null, and leaves an object const alone', () => {
    const schema = {
      properties: {
        version: { const: 2 },
        kind: { const: 'widget' },
        on: { const: true },
        none: { const: null },
        shape: { const: { a: 1 } },
      },
    };
    expect(rows({}, schema)).toEqual([
      ['version', 'const: 2', 3],
      ['kind', 'const: "widget"', 'widget-shakedown'],
      ['on', 'const: true', false],
      ['none', 'const: null', 'null-shakedown'],
    ]);
  });

  it('breaks minItems, maxItems and uniqueItems with the sample’s items, or made-up primitives', () => {
    const schema = {
      properties: {
        tags: {
          type: 'array',
          items: { type: 'string' },
          minItems: 2,
          maxItems: 3,
          uniqueItems: true,
        },
        ids: { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: 1 },
        things: { type: 'array', items: { type: 'object' }, maxItems: 1, uniqueItems: true },
      },
    };
    const violations = constraintViolations({ tags: ['a', 'b'] }, schema);
    expect(
      violations.map((item) => [item.field, item.constraint, item.value, item.emptyLike]),
    ).toEqual([
      ['tags', 'minItems: 2', ['a'], undefined],
      ['tags', 'maxItems: 3', ['a', 'b', 'a', 'b'], undefined],
      ['tags', 'uniqueItems', ['a', 'b', 'a'], undefined],
      ['ids', 'minItems: 1', [], true],
      ['ids', 'maxItems: 1', [1, 2], undefined],
    ]);
  });
});

describe('constraintViolations: one level down', () => {
  const schema = {
    required: ['address'],
    properties: {
      address: {
        allOf: [
          {
            type: 'object',
            required: ['zip'],
            properties: { zip: { type: 'string', maxLength: 10 } },
          },
          { properties: { id: { readOnly: true, minimum: 1 }, line: { minLength: 3 } } },
        ],
      },
      // Not in the sample: nothing of it is broken.
      billing: { properties: { zip: { maxLength: 5 } } },
      // Reached only through a branch: another branch may allow it.
      other: { oneOf: [{ properties: { zip: { maxLength: 1 } } }, { type: 'string' }] },
      // Two levels down is out of reach.
      deep: { properties: { inner: { properties: { zip: { maxLength: 1 } } } } },
    },
  };
  const sample = {
    name: 'n',
    address: { zip: '12345', line: 'Main St', id: 4 },
    other: { zip: 'a' },
    deep: { inner: { zip: 'a' } },
  };

  it('breaks a nested object’s constraints at its path, leaving the rest of the sample as it was', () => {
    const violations = constraintViolations(sample, schema);
    expect(violations.map((item) => [item.field, item.path, item.constraint])).toEqual([
      ['address.zip', ['address', 'zip'], 'maxLength: 10'],
      ['address.line', ['address', 'line'], 'minLength: 3'],
      ['address', ['address'], 'required'],
      ['address.zip', ['address', 'zip'], 'required'],
    ]);
    expect(violations[0]!.body).toEqual({
      ...sample,
      address: { zip: 'x'.repeat(11), line: 'Main St', id: 4 },
    });
    expect(violations[3]!.body).toEqual({ ...sample, address: { line: 'Main St', id: 4 } });
    // The sample itself is untouched.
    expect(sample.address.zip).toBe('12345');
  });
});
