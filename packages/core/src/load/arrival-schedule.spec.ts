import { LoadSchema } from '../config/config.schema';
import {
  ArrivalSchedule,
  capRateSegments,
  rateSegments,
  scheduledIterations,
} from './arrival-schedule';

function drain(schedule: ArrivalSchedule): number[] {
  const times: number[] = [];
  for (
    let at = schedule.peek();
    at !== undefined && times.length < 1_000_000;
    at = schedule.peek()
  ) {
    times.push(at);
    schedule.advance();
  }
  return times;
}

describe('ArrivalSchedule', () => {
  it('spaces a constant rate evenly: 2,000/s for 10 s is 20,000 starts 0.5 ms apart', () => {
    const load = LoadSchema.parse({
      route: 'r',
      executor: 'constant-arrival-rate',
      rate: 2000,
      duration: '10s',
    });
    const times = drain(new ArrivalSchedule(rateSegments(load)));
    expect(times).toHaveLength(20_000);
    expect(times[0]).toBe(0);
    expect(times[1]).toBeCloseTo(0.5, 9);
    expect(times[19_999]).toBeCloseTo(9999.5, 6);
  });

  it('ramps as the integral of the rate: 0 → 100/s over 10 s starts 500 iterations, denser at the end', () => {
    const load = LoadSchema.parse({
      route: 'r',
      executor: 'ramping-arrival-rate',
      stages: [{ duration: '10s', target: 100 }],
    });
    const times = drain(new ArrivalSchedule(rateSegments(load)));
    expect(times).toHaveLength(500);
    // N(t) = 5 t² (t in s): iteration 125 starts at 5 s, iteration 20 at 2 s.
    expect(times[125]).toBeCloseTo(5000, 6);
    expect(times[20]).toBeCloseTo(2000, 6);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
  });

  it('follows stages up and down from startRate', () => {
    const load = LoadSchema.parse({
      route: 'r',
      executor: 'ramping-arrival-rate',
      startRate: 10,
      stages: [
        { duration: '2s', target: 30 },
        { duration: '2s', target: 30 },
        { duration: '1s', target: 0 },
      ],
    });
    const segments = rateSegments(load);
    // 2 s at 20/s average + 2 s at 30/s + 1 s at 15/s average = 40 + 60 + 15.
    expect(scheduledIterations(segments)).toBe(115);
    const times = drain(new ArrivalSchedule(segments));
    expect(times).toHaveLength(115);
    expect(times.filter((t) => t < 2000)).toHaveLength(40);
    expect(times.filter((t) => t >= 2000 && t < 4000)).toHaveLength(60);
    expect(times[times.length - 1]!).toBeLessThan(5000);
  });

  it('caps a plan at a maximum rate, splitting the segments that cross it', () => {
    const capped = capRateSegments(
      [
        { startMs: 0, durationMs: 10_000, fromRate: 0, toRate: 200 },
        { startMs: 10_000, durationMs: 10_000, fromRate: 200, toRate: 0 },
      ],
      100,
    );
    expect(capped).toEqual([
      { startMs: 0, durationMs: 5000, fromRate: 0, toRate: 100 },
      { startMs: 5000, durationMs: 5000, fromRate: 100, toRate: 100 },
      { startMs: 10_000, durationMs: 5000, fromRate: 100, toRate: 100 },
      { startMs: 15_000, durationMs: 5000, fromRate: 100, toRate: 0 },
    ]);
    // 250 + 500 + 500 + 250 instead of 2,000 uncapped.
    expect(scheduledIterations(capped)).toBe(1500);
  });
});
