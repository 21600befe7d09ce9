import { isBodyTruncated, shellQuote, toCurl, toRaceScript } from './to-curl';

describe('toCurl', () => {
  it('replays a JSON POST with its headers and body', () => {
    expect(
      toCurl({
        method: 'POST',
        url: 'http://127.0.0.1:4010/orders',
        headers: {
          'content-type': 'application/json',
          'Idempotency-Key': 'k-1',
          'content-length': '17',
          host: '127.0.0.1:4010',
        },
        bodyPreview: '{"sku":"A","n":1}',
      }),
    ).toBe(
      [
        "curl \\\n  -X POST \\\n  'http://127.0.0.1:4010/orders' \\",
        "  -H 'content-type: application/json' \\",
        "  -H 'Idempotency-Key: k-1' \\",
        `  --data-raw '{"sku":"A","n":1}'`,
      ].join('\n'),
    );
  });

  it('leaves -X out of a plain GET', () => {
    expect(toCurl({ method: 'GET', url: 'http://127.0.0.1/a?b=1&c=2', headers: {} })).toBe(
      "curl \\\n  'http://127.0.0.1/a?b=1&c=2'",
    );
  });

  it('quotes single quotes so the shell reads the text back unchanged', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(
      toCurl({ method: 'PUT', url: 'http://127.0.0.1/x', headers: {}, bodyPreview: "'" }),
    ).toContain(`--data-raw ''\\'''`);
  });

  it('says when the evidence kept only the start of the body', () => {
    const request = {
      method: 'POST',
      url: 'http://127.0.0.1/upload',
      headers: {},
      bodyPreview: 'x'.repeat(2048),
      bodyBytes: 10_485_760,
    };
    expect(isBodyTruncated(request)).toBe(true);
    expect(toCurl(request).split('\n')[0]).toBe(
      '# The body was 10485760 bytes; the evidence keeps its first 2048, so this sends only those.',
    );
  });

  it('counts bytes, not characters, to decide what was cut', () => {
    expect(isBodyTruncated({ bodyPreview: 'é', bodyBytes: 2 })).toBe(false);
    expect(isBodyTruncated({ bodyPreview: 'é', bodyBytes: 3 })).toBe(true);
    expect(isBodyTruncated({ bodyPreview: 'abc' })).toBe(false);
  });
});

describe('toRaceScript', () => {
  it('sends every request in the background, then waits for all of them', () => {
    const request = {
      method: 'POST',
      url: 'http://127.0.0.1:4010/notes',
      headers: { 'Idempotency-Key': 'k-1', Authorization: 'Bearer ***' },
      bodyPreview: '{"title":"a"}',
    };
    const script = toRaceScript([request, request, request]);
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script.match(/ &$/gm)).toHaveLength(3);
    expect(script.trimEnd().endsWith('wait')).toBe(true);
    expect(script).toContain("-w 'request 3: %{http_code}\\n'");
    expect(script).toContain("-H 'Idempotency-Key: k-1'");
  });
});
