import { MAX_VIOLATIONS, constraintViolations } from './constraint-violations';

describe('constraintViolations', () => {
  const sample = {
    email: 'a@example.com',
    id: '0b6c1a34-9f54-4d25-a2a5-2bb6c08fd0d1',
    code: 'AB12',
  };

  it('breaks each format and pattern with a value that really misses it', () => {
    const violations = constraintViolations(sample, {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        id: { type: 'string', format: 'uuid' },
        at: { type: 'string', format: 'date-time' },
        site: { type: 'string', format: 'uri' },
        code: { type: 'string', pattern: '^[A-Z]{2}[0-9]{2}$' },
        anything: { type: 'string', pattern: '.*' },
        price: { type: 'number', exclusiveMinimum: 0 },
      },
    });
    expect(violations.map(({ field, constraint, value }) => [field, constraint, value])).toEqual([
      ['email', 'format: email', 'not-an-email'],
      ['id', 'format: uuid', 'not-a-uuid'],
      ['at', 'format: date-time', 'not-a-date-time'],
      ['site', 'format: uri', 'not a uri'],
      ['code', 'pattern: ^[A-Z]{2}[0-9]{2}$', '!'],
      ['price', 'exclusiveMinimum: 0', 0],
    ]);
    // Only the one field changes.
    expect(violations[0]!.body).toEqual({ ...sample, email: 'not-an-email' });
  });

  it('leaves out a required field only when the sample has it, and stops at the cap', () => {
    const required = constraintViolations(sample, { required: ['email', 'missing'] });
    expect(required.map((violation) => [violation.field, violation.body])).toEqual([
      ['email', { id: sample.id, code: sample.code }],
    ]);
    const many = Object.fromEntries(
      Array.from({ length: 20 }, (_, index) => [`f${index}`, { type: 'integer', minimum: 0 }]),
    );
    expect(constraintViolations({}, { properties: many })).toHaveLength(MAX_VIOLATIONS);
    expect(constraintViolations(sample, { properties: { code: { pattern: '(' } } })).toEqual([]);
  });
});
