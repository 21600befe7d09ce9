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
