import { configToForm, tenantsToAuth } from './config-to-form';
import { formToConfig, type TargetFormValues } from './form-to-config';

const DOCUMENT = {
  version: 1,
  target: {
    name: 'books-api',
    baseUrl: 'https://books.example.com',
    tenants: {
      alice: { headers: { Authorization: 'Bearer ${ALICE_TOKEN}' } },
      bob: { headers: { Authorization: 'Bearer ${BOB_TOKEN}' } },
    },
    timeout: '5s',
  },
  routes: [
    {
      id: 'add-book',
      method: 'POST',
      path: '/books',
      body: { title: 'Dune' },
      maxBodyBytes: '8KB',
      resource: { idPath: '/id', read: { method: 'GET', path: '/books/{id}' } },
      headers: { 'X-Trace': 'on' },
    },
    { id: 'head-books', method: 'HEAD', path: '/books', rateLimit: { expected: true } },
  ],
  probes: { include: ['tenant', 'errors'] },
};

describe('configToForm', () => {
  it('fills the fields the form has from the YAML document', () => {
    const { values } = configToForm(DOCUMENT);
    expect(values.name).toBe('books-api');
    expect(values.baseUrl).toBe('https://books.example.com');
    expect(values.routes).toHaveLength(2);
    expect(values.routes[0]).toMatchObject({
      id: 'add-book',
      method: 'POST',
      path: '/books',
      maxBodyBytes: '8KB',
      idPath: '/id',
      readPath: '/books/{id}',
      rateLimitExpected: false,
    });
    expect(JSON.parse(values.routes[0]!.body)).toEqual({ title: 'Dune' });
    expect(values.routes[1]!.rateLimitExpected).toBe(true);
    expect(values.auth.scheme).toBe('bearer');
    expect(values.auth.secondIdentity).toBe(true);
    expect(values.auth.identities.map((identity) => identity.secret)).toEqual([
      '${ALICE_TOKEN}',
      '${BOB_TOKEN}',
    ]);
  });

  it('names what the form cannot show', () => {
    expect(configToForm(DOCUMENT).kept).toEqual([
      'target.timeout',
      'probes',
      'routes[0].headers',
      'routes[1].method',
    ]);
  });

  it('gives the same document back when nothing is edited', () => {
    const built = formToConfig(configToForm(DOCUMENT).values);
    expect(built.ok && built.document).toEqual(DOCUMENT);
  });

  it('takes the edits and keeps what the form has no field for', () => {
    const { values } = configToForm(DOCUMENT);
    const edited: TargetFormValues = {
      ...values,
      baseUrl: 'https://staging.example.com',
      routes: [{ ...values.routes[0]!, path: '/v2/books' }],
      auth: {
        ...values.auth,
        identities: [{ ...values.auth.identities[0], secret: 'new' }, values.auth.identities[1]],
      },
    };
    const built = formToConfig(edited);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.document).toEqual({
      ...DOCUMENT,
      target: {
        ...DOCUMENT.target,
        baseUrl: 'https://staging.example.com',
        tenants: {
          ...DOCUMENT.target.tenants,
          alice: { headers: { Authorization: 'Bearer new' } },
        },
      },
      routes: [{ ...DOCUMENT.routes[0], path: '/v2/books' }],
    });
    expect(Object.keys(built.document)).toEqual(['version', 'target', 'routes', 'probes']);
  });
});

describe('tenantsToAuth', () => {
  it('reads basic, API key and cookie credentials back', () => {
    const basic = tenantsToAuth({ a: { headers: { Authorization: `Basic ${btoa('ann:p:w')}` } } });
    expect(basic).toMatchObject({ scheme: 'basic', secondIdentity: false });
    expect(basic.identities[0]).toMatchObject({ name: 'a', username: 'ann', password: 'p:w' });
    const key = tenantsToAuth({
      a: { headers: { 'X-Key': 'k1' } },
      b: { headers: { 'X-Key': 'k2' } },
    });
    expect(key).toMatchObject({ scheme: 'api-key', headerName: 'X-Key', secondIdentity: true });
    expect(tenantsToAuth({ a: { headers: { Cookie: 'sid=1' } } }).scheme).toBe('cookie');
  });

  it('leaves tenants the form cannot say to the YAML', () => {
    expect(tenantsToAuth({ a: { headers: { A: '1', B: '2' } } }).scheme).toBe('none');
    expect(
      tenantsToAuth({ a: { headers: { 'X-A': '1' } }, b: { headers: { 'X-B': '2' } } }).scheme,
    ).toBe('none');
    expect(tenantsToAuth({ a: { headers: { 'X-A': '1' }, query: { k: 'v' } } }).scheme).toBe(
      'none',
    );
    expect(tenantsToAuth(undefined).scheme).toBe('none');
  });
});
