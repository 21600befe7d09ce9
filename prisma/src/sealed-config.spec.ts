import { maskedConfig, openConfig, SealedConfigError, sealConfig } from './sealed-config';

const APP_SECRET = 'a-test-secret-of-enough-length';

const document = {
  target: {
    name: 'api',
    baseUrl: 'https://api.example.test',
    tenants: {
      alice: {
        headers: { Authorization: 'Bearer token-of-alice-1234', 'X-Env': '${ENV_TOKEN}' },
        query: { api_key: 'k-alice-5678' },
      },
    },
  },
  routes: [{ id: 'r', method: 'GET', path: '/x', headers: { Cookie: 'sid=route-session-9' } }],
};

describe('sealed config', () => {
  it('stores masks in the document and the secrets only in the ciphertext', () => {
    const sealed = sealConfig(document, APP_SECRET);
    const stored = JSON.stringify(sealed);
    for (const secret of ['token-of-alice', 'k-alice', 'route-session']) {
      expect(stored).not.toContain(secret);
    }
    expect(sealed.config.target.tenants.alice.headers.Authorization).toBe('Bearer ****234');
    expect(sealed.config.target.tenants.alice.headers['X-Env']).toBe('${ENV_TOKEN}');
    expect(sealed.secretsCiphertext).toMatch(/^v2\./);
  });

  it('opens to the document as sent, and shows the masks without decrypting', () => {
    const sealed = sealConfig(document, APP_SECRET);
    expect(openConfig(sealed, APP_SECRET)).toEqual(document);
    expect(maskedConfig(sealed)).toEqual(sealed.config);
    expect(maskedConfig({ ...sealed, secretsCiphertext: 'not even ciphertext' })).toEqual(
      sealed.config,
    );
  });

  it('reads a row stored before sealing as plaintext, and masks it when shown', () => {
    const legacy = { config: document, secretsCiphertext: null };
    expect(openConfig(legacy, APP_SECRET)).toBe(document);
    expect(maskedConfig(legacy)).toEqual(sealConfig(document, APP_SECRET).config);
  });

  it('fails clearly with another APP_SECRET, a damaged ciphertext or foreign secrets', () => {
    const sealed = sealConfig(document, APP_SECRET);
    expect(() => openConfig(sealed, 'another-secret-of-enough-length')).toThrow(
      new SealedConfigError(
        "the config's secrets cannot be decrypted with this deployment's APP_SECRET " +
          '(was APP_SECRET changed since they were stored?)',
      ),
    );
    expect(() => openConfig({ ...sealed, secretsCiphertext: 'v1.a.b.c' }, APP_SECRET)).toThrow(
      SealedConfigError,
    );
    const other = sealConfig({ target: { tenants: { bob: { headers: { A: 'b' } } } } }, APP_SECRET);
    expect(() =>
      openConfig({ config: sealed.config, secretsCiphertext: other.secretsCiphertext }, APP_SECRET),
    ).toThrow(/do not match it: \/target\/tenants\/bob\/headers\/A names no secret/);
  });
});
