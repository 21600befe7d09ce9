import { API_KEY_CACHE_MS, ApiKeyCache } from './api-key-cache';

describe('ApiKeyCache', () => {
  const key = { apiKeyId: 'k1', orgId: 'o1', role: 'member' as const, createdById: 'u1' };

  it('trusts a lookup for a few seconds only', () => {
    const cache = new ApiKeyCache();
    cache.set('hash', key, 1_000);
    expect(cache.get('hash', 1_000 + API_KEY_CACHE_MS - 1)).toEqual(key);
    expect(cache.get('hash', 1_000 + API_KEY_CACHE_MS)).toBeUndefined();
  });

  it('forgets a revoked key at once', () => {
    const cache = new ApiKeyCache();
    cache.set('hash', key);
    cache.forget('k1');
    expect(cache.get('hash')).toBeUndefined();
  });

  it('forgets the keys of a member whose role changed, in that organisation only', () => {
    const cache = new ApiKeyCache();
    cache.set('hash', key);
    cache.set('other-org', { ...key, apiKeyId: 'k2', orgId: 'o2' });
    cache.forgetCreatedBy('o1', 'u1');
    expect(cache.get('hash')).toBeUndefined();
    expect(cache.get('other-org')?.apiKeyId).toBe('k2');
  });
});
