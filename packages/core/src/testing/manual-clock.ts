import type { Clock } from '../http/clock';

/** A clock that only moves when told to; sleeping moves it (at once). */
export function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}
