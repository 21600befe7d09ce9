import {
  configSecrets,
  keepMaskedSecrets,
  maskConfigSecrets,
  maskSecret,
  putConfigSecrets,
  secretAt,
} from './config-secrets';

const stored = {
  target: {
    name: 'api',
    baseUrl: 'https://api.example.test',
    tenants: {
      alice: {
        headers: { Authorization: 'Bearer token-of-alice-bob' },
        query: { api_key: 'k-12345678' },
      },
      'a/b': { headers: { Cookie: 'sid=s3cr3t-session-value-xyz9', 'X-Env': '${ENV_TOKEN}' } },
    },
  },
  routes: [
    {
      id: 'r',
      method: 'GET',
      path: '/x',
      headers: { 'X-Api-Key': 'route-secret', Accept: 'json' },
    },
  ],
};

describe('config secrets', () => {
  it('masks every tenant header and query value and credential route headers', () => {
    const masked = maskConfigSecrets(stored);
    expect(masked.target.tenants.alice.headers.Authorization).toBe('Bearer ****bob');
    expect(masked.target.tenants.alice.query.api_key).toBe('****678');
    expect(masked.target.tenants['a/b'].headers.Cookie).toBe('****xyz9');
    expect(masked.target.tenants['a/b'].headers['X-Env']).toBe('${ENV_TOKEN}');
    expect(masked.routes[0]!.headers['X-Api-Key']).toBe('****ret');
    expect(masked.routes[0]!.headers.Accept).toBe('json');
    expect(JSON.stringify(masked)).not.toMatch(/token-of-alice|k-1234|s3cr3t|route-secret/);
    // The stored document is untouched.
    expect(stored.target.tenants.alice.headers.Authorization).toBe('Bearer token-of-alice-bob');
  });

  it('shows nothing of short secrets', () => {
    expect(maskSecret('abc')).toBe('****');
    expect(maskSecret('Basic abcdefg')).toBe('Basic ****');
  });

  it('keeps a stored secret sent back masked, and takes a changed one', () => {
    const edited = maskConfigSecrets(stored);
    edited.target.tenants.alice.query.api_key = 'k-new-value';
    const kept = keepMaskedSecrets(edited, stored);
    expect(kept.target.tenants.alice.headers.Authorization).toBe('Bearer token-of-alice-bob');
    expect(kept.target.tenants['a/b'].headers.Cookie).toBe('sid=s3cr3t-session-value-xyz9');
    expect(kept.routes[0]!.headers['X-Api-Key']).toBe('route-secret');
    expect(kept.target.tenants.alice.query.api_key).toBe('k-new-value');
  });

  it('does not take a stored secret for a mask sent at another pointer', () => {
    const moved = structuredClone(stored);
    moved.target.tenants.alice.query = { api_key: maskSecret('Bearer token-of-alice-bob') };
    expect(keepMaskedSecrets(moved, stored).target.tenants.alice.query.api_key).toBe(
      'Bearer ****bob',
    );
  });

  it('names secrets by JSON Pointer and finds them back', () => {
    const pointers = configSecrets(stored).map((secret) => secret.pointer);
    expect(pointers).toEqual([
      '/target/tenants/alice/headers/Authorization',
      '/target/tenants/alice/query/api_key',
      '/target/tenants/a~1b/headers/Cookie',
      '/routes/0/headers/X-Api-Key',
    ]);
    expect(secretAt(stored, '/target/tenants/a~1b/headers/Cookie')).toBe(
      'sid=s3cr3t-session-value-xyz9',
    );
    expect(secretAt(stored, '/target/name')).toBeUndefined();
  });

  it('puts the secrets taken out of a config back into its masked copy', () => {
    const masked = maskConfigSecrets(stored);
    expect(putConfigSecrets(masked, configSecrets(stored))).toEqual(stored);
    // The masked copy is untouched, and a pointer that names no secret is refused.
    expect(masked.target.tenants.alice.headers.Authorization).toBe('Bearer ****bob');
    expect(() => putConfigSecrets(masked, [{ pointer: '/target/name', value: 'x' }])).toThrow(
      '/target/name names no secret of this config',
    );
  });
});
