import { parseConfigDocument } from '@shakedown/core/config';

import { EMPTY_AUTH, emptyIdentity, type AuthFormValues } from './auth-to-tenants';
import {
  EMPTY_TARGET_FORM,
  emptyRoute,
  formToConfig,
  type TargetFormValues,
} from './form-to-config';

const filled: TargetFormValues = {
  ...EMPTY_TARGET_FORM,
  name: 'orders-api',
  baseUrl: 'http://127.0.0.1:4010/',
  routes: [
    {
      ...emptyRoute(0),
      id: 'create-order',
      path: '/orders',
      body: '{"item":"book","qty":1}',
      maxBodyBytes: '16KB',
      idPath: '/id',
      readPath: '/orders/{id}',
    },
    {
      ...emptyRoute(1),
      id: 'list-orders',
      method: 'GET',
      path: '/orders',
      rateLimitExpected: true,
    },
  ],
};

describe('formToConfig', () => {
  it('writes the config document of the spec, which core accepts', () => {
    const result = formToConfig(filled);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.document).toEqual({
      version: 1,
      target: { name: 'orders-api', baseUrl: 'http://127.0.0.1:4010' },
      routes: [
        {
          id: 'create-order',
          method: 'POST',
          path: '/orders',
          body: { item: 'book', qty: 1 },
          maxBodyBytes: '16KB',
          resource: { idPath: '/id', read: { method: 'GET', path: '/orders/{id}' } },
        },
        { id: 'list-orders', method: 'GET', path: '/orders', rateLimit: { expected: true } },
      ],
    });
    expect(parseConfigDocument(result.document).ok).toBe(true);
  });

  const withAuth = (auth: Partial<AuthFormValues>) => {
    const result = formToConfig({ ...filled, auth: { ...EMPTY_AUTH, ...auth } });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return (result.document.target as Record<string, unknown>).tenants;
  };

  it('sends one identity’s credentials, without enabling tenant isolation', () => {
    const one = (secret: string) =>
      [
        { name: 'ci', secret, username: '', password: '' },
        emptyIdentity('bob'),
      ] as AuthFormValues['identities'];
    expect(withAuth({ scheme: 'bearer', identities: one('t0ken') })).toEqual({
      ci: { headers: { Authorization: 'Bearer t0ken' } },
    });
    expect(withAuth({ scheme: 'api-key', headerName: 'X-Key', identities: one('k') })).toEqual({
      ci: { headers: { 'X-Key': 'k' } },
    });
    expect(withAuth({ scheme: 'cookie', identities: one('session=abc') })).toEqual({
      ci: { headers: { Cookie: 'session=abc' } },
    });
    expect(withAuth({ scheme: 'none', identities: one('ignored') })).toBeUndefined();
  });

  it('encodes basic credentials, and adds a second identity for tenant isolation', () => {
    const identities: AuthFormValues['identities'] = [
      { name: 'alice', secret: '', username: 'alice', password: 'pä55' },
      { name: 'bob', secret: '', username: 'bob', password: 'secret' },
    ];
    expect(withAuth({ scheme: 'basic', identities, secondIdentity: true })).toEqual({
      alice: {
        headers: { Authorization: `Basic ${Buffer.from('alice:pä55').toString('base64')}` },
      },
      bob: { headers: { Authorization: `Basic ${Buffer.from('bob:secret').toString('base64')}` } },
    });
  });

  it('names a sample body that is not JSON', () => {
    const result = formToConfig({
      ...filled,
      routes: [{ ...filled.routes[0]!, body: '{item: book}' }],
    });
    expect(result).toEqual({
      ok: false,
      issues: [{ path: 'routes[0].body', message: 'must be valid JSON' }],
    });
  });

  it('leaves the checking of the rest to core, which names each path', () => {
    const result = formToConfig({ ...EMPTY_TARGET_FORM });
    if (!result.ok) throw new Error('the form itself has nothing to refuse');
    const checked = parseConfigDocument(result.document);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['target.name', 'target.baseUrl', 'routes[0].path']),
    );
  });
});
