import { LoadSchema } from '../config/config.schema';
import { createLatencyHistogram, toHistogramValue } from './latency-histogram';
import { abortReason, evaluateThreshold, parseThresholds, thresholdInputs } from './thresholds';

function loadWith(thresholds: object) {
  return LoadSchema.parse({
    route: 'r',
    executor: 'constant-vus',
    vus: 1,
    duration: '1s',
    thresholds,
  });
}

/** 100 samples: 1, 2, … 100 ms; 3 of 100 requests failed. */
function inputs() {
  const histogram = createLatencyHistogram();
  for (let ms = 1; ms <= 100; ms++) histogram.recordValue(toHistogramValue(ms));
  return thresholdInputs(histogram, 100, 3);
}

describe('thresholds in k6 syntax', () => {
  it('reads every aggregate from the histogram and the failed rate', () => {
    const load = loadWith({
      http_req_duration: ['p(95)<96', 'p(99.9) <= 101', 'avg<51', 'med>=50', 'min>0', 'max<100'],
      http_req_failed: [
        'rate<0.05',
        { threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '10s' },
      ],
    });
    const parsed = parseThresholds(load);
    expect(parsed.map((t) => [t.metric, t.expr])).toEqual([
      ['http_req_duration', 'p(95)<96'],
      ['http_req_duration', 'p(99.9)<=101'],
      ['http_req_duration', 'avg<51'],
      ['http_req_duration', 'med>=50'],
      ['http_req_duration', 'min>0'],
      ['http_req_duration', 'max<100'],
      ['http_req_failed', 'rate<0.05'],
      ['http_req_failed', 'rate<0.01'],
    ]);
    expect(parsed[7]).toMatchObject({ abortOnFail: true, delayAbortEvalMs: 10_000 });
    const results = parsed.map((threshold) => evaluateThreshold(threshold, inputs()));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, false, true, false]);
    expect(results[0]!.value).toBeCloseTo(95, 0);
    expect(results[2]!.value).toBeCloseTo(50.5, 0);
    expect(results[5]!.value).toBeCloseTo(100, 0);
    expect(results[6]!.value).toBeCloseTo(0.03, 9);
  });

  it('compares with every operator as written', () => {
    const load = loadWith({
      http_req_failed: ['rate>0.02', 'rate>=0.04', 'rate==0.03', 'rate!=0.03', 'rate<=0.03'],
    });
    const results = parseThresholds(load).map((t) => evaluateThreshold(t, inputs()));
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false, true]);
  });

  it('does not hold with no request at all', () => {
    const [threshold] = parseThresholds(loadWith({ http_req_duration: ['p(95)<300'] }));
    const empty = thresholdInputs(createLatencyHistogram(), 0, 0);
    expect(evaluateThreshold(threshold!, empty)).toEqual({
      metric: 'http_req_duration',
      expr: 'p(95)<300',
      ok: false,
      value: 0,
    });
  });

  it('stops a stage only for a failing abortOnFail threshold past its delay', () => {
    const thresholds = parseThresholds(
      loadWith({
        http_req_duration: ['p(95)<10'],
        http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '10s' }],
      }),
    );
    expect(abortReason(thresholds, inputs(), 9_999)).toBeUndefined();
    expect(abortReason(thresholds, inputs(), 10_000)).toBe(
      'threshold http_req_failed rate<0.01 failed (value 0.03) and has abortOnFail',
    );
  });
});
