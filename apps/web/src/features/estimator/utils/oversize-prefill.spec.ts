import {
  estimatorSearchFromBytes,
  largestAcceptedBytes,
  prefillFromSearch,
} from './oversize-prefill';

const exchange = (bodyBytes: number, status: number) => ({
  request: { method: 'POST', url: 'http://127.0.0.1/orders', headers: {}, bodyBytes },
  response: { status, headers: {}, ms: 3 },
});

describe('largestAcceptedBytes', () => {
  it('prefers the size the probe recorded', () => {
    expect(
      largestAcceptedBytes({ exchanges: [exchange(999, 201)], largestAcceptedBytes: 10_485_760 }),
    ).toBe(10_485_760);
  });

  it('else takes the largest request body answered with a 2xx', () => {
    expect(
      largestAcceptedBytes({
        exchanges: [exchange(2_097_152, 201), exchange(10_485_760, 413), exchange(1_048_576, 200)],
      }),
    ).toBe(2_097_152);
  });

  it('measures the preview when no full size was recorded', () => {
    expect(
      largestAcceptedBytes({
        exchanges: [{ request: { bodyPreview: 'é'.repeat(10) }, response: { status: 200 } }],
      }),
    ).toBe(20);
  });

  it.each([null, 'text', {}, { exchanges: 'no' }, { exchanges: [exchange(5, 500)] }])(
    'has nothing to offer for %j',
    (evidence) => {
      expect(largestAcceptedBytes(evidence)).toBeUndefined();
    },
  );
});

describe('the estimator page query', () => {
  it('round-trips a size through the URL', () => {
    const search = new URLSearchParams(estimatorSearchFromBytes(10 * 1024 ** 2, 'create-order'));
    expect(search.get('route')).toBe('create-order');
    expect(prefillFromSearch(search)).toEqual({ payloadSize: '10', payloadUnit: 'MB' });
  });

  it('ignores what it does not understand', () => {
    expect(prefillFromSearch(new URLSearchParams('payloadSize=-1&payloadUnit=GB'))).toEqual({});
  });
});
