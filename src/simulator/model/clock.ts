/** Simulated time: starts at the real epoch and runs `1 / timeScale` times as fast as real time. */
export interface SimClock {
  /** Simulated epoch milliseconds. */
  now(): number;
  /** Real milliseconds for a simulated duration. */
  toReal(simMs: number): number;
  readonly timeScale: number;
}

export function scaledClock(timeScale: number, realNow: () => number = Date.now): SimClock {
  const origin = realNow();
  return {
    timeScale,
    now: () => origin + (realNow() - origin) / timeScale,
    toReal: (simMs) => simMs * timeScale,
  };
}

/** A clock moved by hand, for tests of the model. */
export function manualClock(start = 1_700_000_000_000): SimClock & { advance(ms: number): void } {
  let t = start;
  return {
    timeScale: 1,
    now: () => t,
    toReal: (ms) => ms,
    advance(ms) {
      t += ms;
    },
  };
}
