import { ConfigSchema } from '../config/config.schema';
import { PREVIEW_BYTES, SecretMasker, maskSecret, previewBody } from './evidence';
import { hasRateLimitHint, retryDelayMs } from './rate-limit-hints';

describe('evidence masking', () => {
  it('keeps the auth scheme and the last four characters of long secrets', () => {
    expect(maskSecret('Bearer token-a1b2')).toBe('Bearer ****a1b2');
    expect(maskSecret('Basic dXNlcjpwYXNz')).toBe('Basic ****YXNz');
    expect(maskSecret('short')).toBe('****');
  });

  it('takes the secrets of tenants and credential-like route headers from the config', () => {
    const config = ConfigSchema.parse({
      version: 1,
      target: {
        name: 't',
        baseUrl: 'http://127.0.0.1:1',
        tenants: {
          alice: {
            headers: {
              Authorization: 'Bearer alice-secret-token',
              'X-Tenant-Id': 'acme-corporation',
            },
          },
          bob: { headers: { 'X-Api-Key': 'bob-api-key-123456' } },
        },
      },
      routes: [
        {
          id: 'r',
          method: 'GET',
          path: '/',
          headers: { 'X-Client': 'shakedown-cli', 'X-Session-Token': 'route-session-999999' },
        },
      ],
    });
    const masker = SecretMasker.forConfig(config);
    const text =
      'alice-secret-token bob-api-key-123456 route-session-999999 acme-corporation shakedown-cli';
    expect(masker.maskText(text)).toBe('****oken ****3456 ****9999 acme-corporation shakedown-cli');
    expect(masker.maskHeader('Authorization', 'Bearer alice-secret-token')).toBe('Bearer ****oken');
    expect(masker.maskHeader('Idempotency-Key', 'shakedown-1234')).toBe('shakedown-1234');
  });

  it('cuts previews at 2 KB and says how big the body was, masking secrets across the cut', () => {
    const masker = new SecretMasker(['Bearer abcdefghijklmnop']);
    const body = `${'x'.repeat(PREVIEW_BYTES - 5)}abcdefghijklmnop${'y'.repeat(100)}`;
    const preview = previewBody(body, masker);
    expect(preview.bodyBytes).toBe(body.length);
    expect(Buffer.byteLength(preview.bodyPreview!)).toBeLessThanOrEqual(PREVIEW_BYTES);
    expect(preview.bodyPreview).not.toContain('abcde');
    expect(previewBody('{"a":1}', masker)).toEqual({ bodyPreview: '{"a":1}' });
    expect(previewBody('', masker)).toEqual({});
  });
});

describe('rate-limit hints', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');

  it.each([
    [{ 'retry-after': '5' }, 5000],
    [{ 'retry-after': 'Sat, 28 Nov 2026 12:00:30 GMT' }, 30_000],
    [{ ratelimit: 'limit=100, remaining=0, reset=7' }, 7000],
    [{ ratelimit: '"default";r=0;t=9' }, 9000],
    [{ 'ratelimit-reset': '4' }, 4000],
    [{ 'x-ratelimit-reset': String(now / 1000 + 12) }, 12_000],
    [{ 'x-ratelimit-reset': '3' }, 3000],
    [{}, undefined],
  ])('reads %j as %s ms', (headers, ms) => {
    expect(retryDelayMs(headers, now)).toBe(ms);
  });

  it('recognises every header family the spec names', () => {
    expect(hasRateLimitHint({ 'retry-after': '1' })).toBe(true);
    expect(hasRateLimitHint({ ratelimit: 'limit=1' })).toBe(true);
    expect(hasRateLimitHint({ 'ratelimit-policy': '10;w=1' })).toBe(true);
    expect(hasRateLimitHint({ 'x-ratelimit-remaining': '0' })).toBe(true);
    expect(hasRateLimitHint({ 'content-type': 'application/json' })).toBe(false);
  });
});
