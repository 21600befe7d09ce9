import { decryptSecret, encryptSecret } from './secrets';

const APP_SECRET = 'a-test-secret-of-enough-length';

describe('webhook secret encryption', () => {
  it('round-trips and never stores the plain text', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const stored = encryptSecret(secret, APP_SECRET);
    expect(stored).not.toContain('MfKQ9r8');
    expect(stored).toMatch(/^v1\./);
    expect(decryptSecret(stored, APP_SECRET)).toBe(secret);
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('same', APP_SECRET)).not.toBe(encryptSecret('same', APP_SECRET));
  });

  it('refuses another deployment key and tampered ciphertext', () => {
    const stored = encryptSecret('whsec_abc', APP_SECRET);
    expect(() => decryptSecret(stored, 'another-secret-of-enough-length')).toThrow();
    const parts = stored.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('x').toString('base64url')].join('.');
    expect(() => decryptSecret(tampered, APP_SECRET)).toThrow();
    expect(() => decryptSecret('plain', APP_SECRET)).toThrow(/not an encrypted secret/);
  });
});
