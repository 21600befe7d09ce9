import { createCipheriv, createHash, randomBytes } from 'node:crypto';

import { decryptSecret, encryptSecret, isSealedWithCurrentKey } from './secrets';

const APP_SECRET = 'a-test-secret-of-enough-length';
const KEY_A = 'key-a-of-the-deployment-0123456789';
const KEY_B = 'key-b-of-the-deployment-0123456789';

/** A value as the deployment wrote it before key ids: `v1.<iv>.<tag>.<ciphertext>`. */
function sealedAsV1(plaintext: string, appSecret: string): string {
  const key = createHash('sha256').update(`shakedown:secrets:v1:${appSecret}`).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext].map((p) => p.toString('base64url')).join('.');
}

describe('webhook secret encryption', () => {
  it('round-trips and never stores the plain text', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const stored = encryptSecret(secret, APP_SECRET);
    expect(stored).not.toContain('MfKQ9r8');
    expect(stored).toMatch(/^v2\.[A-Za-z0-9_-]{11}\./);
    expect(decryptSecret(stored, APP_SECRET)).toBe(secret);
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('same', APP_SECRET)).not.toBe(encryptSecret('same', APP_SECRET));
  });

  it('refuses another deployment key and tampered ciphertext', () => {
    const stored = encryptSecret('whsec_abc', APP_SECRET);
    expect(() => decryptSecret(stored, 'another-secret-of-enough-length')).toThrow(
      /sealed with a key this deployment does not have/,
    );
    const parts = stored.split('.');
    const tampered = [...parts.slice(0, 4), Buffer.from('x').toString('base64url')].join('.');
    expect(() => decryptSecret(tampered, APP_SECRET)).toThrow();
    expect(() => decryptSecret('plain', APP_SECRET)).toThrow(/not an encrypted secret/);
  });
});

describe('rotating the key', () => {
  const rotated = { current: KEY_B, previous: [KEY_A] };

  it('seals with the current key and opens what a previous key sealed', () => {
    const underA = encryptSecret('whsec_old', KEY_A);
    expect(decryptSecret(underA, rotated)).toBe('whsec_old');
    expect(isSealedWithCurrentKey(underA, rotated)).toBe(false);
    const underB = encryptSecret('whsec_new', rotated);
    expect(isSealedWithCurrentKey(underB, rotated)).toBe(true);
    expect(decryptSecret(underB, KEY_B)).toBe('whsec_new');
    expect(() => decryptSecret(underB, KEY_A)).toThrow(/does not have/);
  });

  it('names the key without revealing it, the same id for the same key', () => {
    const [, idA] = encryptSecret('x', KEY_A).split('.');
    expect(encryptSecret('y', KEY_A).split('.')[1]).toBe(idA);
    expect(encryptSecret('y', KEY_B).split('.')[1]).not.toBe(idA);
    expect(KEY_A).not.toContain(idA);
  });

  it('authenticates the key id: a value relabelled with another key id does not open', () => {
    const [, , ...rest] = encryptSecret('whsec_old', KEY_A).split('.');
    const [, idB] = encryptSecret('x', KEY_B).split('.');
    expect(() => decryptSecret(['v2', idB, ...rest].join('.'), rotated)).toThrow();
  });

  it('still reads values written before key ids, with any key of the deployment', () => {
    expect(decryptSecret(sealedAsV1('legacy', APP_SECRET), APP_SECRET)).toBe('legacy');
    const legacyA = sealedAsV1('legacy-a', KEY_A);
    expect(decryptSecret(legacyA, rotated)).toBe('legacy-a');
    expect(isSealedWithCurrentKey(legacyA, rotated)).toBe(false);
    expect(isSealedWithCurrentKey(sealedAsV1('legacy-b', KEY_B), rotated)).toBe(false);
    expect(() => decryptSecret(legacyA, KEY_B)).toThrow();
  });
});
