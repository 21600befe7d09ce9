import { MAX_VIOLATIONS, constraintViolations } from './constraint-violations';

type Row = [string, string, unknown];
const rows = (sample: Record<string, unknown>, schema: Record<string, unknown>): Row[] =>
  constraintViolations(sample, schema).map(({ field, constraint, value }) => [
    field,
    constraint,
    value,
  ]);

describe('constraintViolations', () => {
  const sample = {
    email: 'a@example.com',
    id: '0b6c1a34-9f54-4d25-a2a5-2bb6c08fd0d1',
    code: 'AB12',
  };

  it('breaks each pattern and bound with a value that really misses it, and never a format', () => {
    const schema = {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        id: { type: 'string', format: 'uuid' },
        at: { type: 'string', format: 'date-time' },
        site: { type: 'string', format: 'uri' },
        code: { type: 'string', pattern: '^[A-Z]{2}[0-9]{2}$' },
        anything: { type: 'string', pattern: '.*' },
        price: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
        count: { type: 'integer', minimum: 0.5, exclusiveMaximum: 9.5 },
      },
    };
    // A format is an annotation (JSON Schema) a tool may ignore (OpenAPI): breaking one proves
    // nothing against a server that follows its document.
    expect(rows(sample, schema)).toEqual([
      ['code', 'pattern: ^[A-Z]{2}[0-9]{2}$', '!'],
      ['price', 'exclusiveMinimum: 0', 0],
      ['price', 'maximum: 100', 100.5],
      ['count', 'minimum: 0.5', 0],
      ['count', 'exclusiveMaximum: 9.5', 10],
    ]);
    // Only the one field changes.
    expect(constraintViolations(sample, schema)[0]!.body).toEqual({ ...sample, code: '!' });
  });

  it('leaves out a required field only when the sample has it, and returns every violation for the check to cap', () => {
    const required = constraintViolations(sample, { required: ['email', 'missing'] });
    expect(required.map((violation) => [violation.field, violation.body])).toEqual([
      ['email', { id: sample.id, code: sample.code }],
    ]);
    const many = Object.fromEntries(
      Array.from({ length: MAX_VIOLATIONS + 6 }, (_, index) => [
        `f${index}`,
        { type: 'integer', minimum: 0 },
      ]),
    );
    expect(constraintViolations({}, { properties: many })).toHaveLength(MAX_VIOLATIONS + 6);
    expect(constraintViolations(sample, { properties: { code: { pattern: '(' } } })).toEqual([]);
  });

  it('reads allOf members as constraints of the whole, and no branch of oneOf, anyOf or a discriminator', () => {
    const schema = {
      allOf: [
        { properties: { kind: { enum: ['a', 'b'] } }, required: ['kind'] },
        { allOf: [{ properties: { size: { allOf: [{ maximum: 3 }], type: 'integer' } } }] },
      ],
      // A discriminator picks the branch; the branch may allow what another forbids.
      discriminator: { propertyName: 'kind' },
      oneOf: [
        { properties: { name: { maxLength: 3 } }, required: ['name'] },
        { properties: { name: { maxLength: 30 } } },
      ],
      properties: {
        tag: { anyOf: [{ type: 'string', maxLength: 5 }, { type: 'integer' }] },
        labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 2 } },
      },
      patternProperties: { '^x-': { maxLength: 1 } },
      additionalProperties: { maxLength: 1 },
    };
    expect(rows({ kind: 'a', name: 'abc', size: 1 }, schema)).toEqual([
      ['kind', 'enum: "a", "b"', 'shakedown-not-in-enum'],
      ['size', 'maximum: 3', 4],
      ['kind', 'required', undefined],
    ]);
  });

  it('leaves readOnly properties alone, in properties and in required', () => {
    const schema = {
      required: ['id', 'name'],
      properties: {
        id: { type: 'integer', readOnly: true, minimum: 1 },
        status: { allOf: [{ readOnly: true }, { enum: ['open'] }] },
        name: { type: 'string', maxLength: 4 },
      },
    };
    expect(rows({ id: 1, status: 'open', name: 'ab' }, schema)).toEqual([
      ['name', 'maxLength: 4', 'xxxxx'],
      ['name', 'required', undefined],
    ]);
  });

  it('never breaks with null, which nullable and null types allow', () => {
    const schema = {
      properties: {
        // OpenAPI 3.0 as written, and as the import converts it.
        rank: { type: 'integer', nullable: true, enum: [1, 2] },
        level: { type: ['integer', 'null'], enum: [1, 2, null] },
        note: { type: ['string', 'null'], maxLength: 2 },
      },
    };
    const values = constraintViolations({}, schema).map((violation) => violation.value);
    expect(values).toEqual([1002, 1002, 'xxx']);
  });

  it('skips a bound that floating point cannot step past, and an enum it cannot miss by number', () => {
    const schema = {
      properties: {
        huge: { type: 'number', maximum: 1e308, minimum: -1e308 },
        wide: { type: 'integer', minimum: -1e20, maximum: 1e20 },
        top: { enum: [Number.MAX_VALUE] },
      },
    };
    expect(rows({}, schema)).toEqual([
      ['top', `enum: ${Number.MAX_VALUE}`, 'shakedown-not-in-enum'],
    ]);
  });
});

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
