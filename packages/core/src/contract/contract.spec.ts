import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CreateRunRequestSchema } from './runs.schema';
import { ERROR_CODES, ErrorBodySchema, hasRole, SignUpRequestSchema } from './index';

describe('the API contract', () => {
  it('documents every error code with a comment saying when it is thrown', () => {
    const source = readFileSync(join(__dirname, 'error-codes.ts'), 'utf8');
    for (const code of ERROR_CODES) {
      const line = source.split('\n').findIndex((text) => text.includes(`'${code}'`));
      expect(line).toBeGreaterThan(0);
      expect(source.split('\n')[line - 1]).toMatch(/\/\*\* \d{3}: .+\*\//);
    }
  });

  it('parses the one error shape and refuses an unknown code', () => {
    const body = {
      error: { code: 'not_found', message: 'no such target', requestId: 'r-12345678' },
    };
    expect(ErrorBodySchema.parse(body)).toEqual(body);
    expect(ErrorBodySchema.safeParse({ error: { ...body.error, code: 'nope' } }).success).toBe(
      false,
    );
  });

  it('orders roles owner > admin > member > viewer', () => {
    expect(hasRole('owner', 'admin')).toBe(true);
    expect(hasRole('admin', 'admin')).toBe(true);
    expect(hasRole('member', 'admin')).toBe(false);
    expect(hasRole('viewer', 'member')).toBe(false);
  });

  it('rejects unknown keys in request bodies', () => {
    const result = SignUpRequestSchema.safeParse({
      email: 'a@example.com',
      name: 'A',
      password: 'x',
      isAdmin: true,
    });
    expect(result.success).toBe(false);
    expect(CreateRunRequestSchema.safeParse({ probes: ['schema', 'schema'] }).success).toBe(false);
    expect(
      SignUpRequestSchema.parse({ email: 'A@Example.COM', name: 'A', password: 'x' }).email,
    ).toBe('a@example.com');
  });
});
