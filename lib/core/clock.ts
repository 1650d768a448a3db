/*
 * The one clock. Every module whose behaviour depends on the time reads it from `clock.now()` (or takes `now` as
 * an argument whose default is `clock.now()`), never from `new Date()` or `Date.now()` directly, and never from the
 * database's `now()` for a value it later compares with this clock. Tests build their instants relative to it
 * and may replace it for a block with `withClock`; the moved-clock CI stage runs the time-sensitive suites with
 * the whole process's time moved (see tests/clock/run.ts), so a test that only passes in one month fails there.
 */
export type Clock = () => Date;

const systemClock: Clock = () => new Date();
let current: Clock = systemClock;

/** The current instant (`clock.now()`) and the same in milliseconds since the epoch (`clock.ms()`). */
export const clock = {
  now: (): Date => current(),
  ms: (): number => current().getTime(),
};

/** Replaces the clock (tests). Returns a function that puts the previous one back. */
export function setClock(clock: Clock): () => void {
  const previous = current;
  current = clock;
  return () => {
    current = previous;
  };
}

/** A clock that stays at `at` until `advance` moves it: for tests that step through retries, SLAs and periods. */
export function manualClock(at: Date | string): Clock & { advance(ms: number): Date; set(at: Date | string): Date } {
  let time = new Date(at).getTime();
  const clock = () => new Date(time);
  return Object.assign(clock, {
    advance(ms: number) {
      time += ms;
      return new Date(time);
    },
    set(next: Date | string) {
      time = new Date(next).getTime();
      return new Date(time);
    },
  });
}

/** Runs `fn` with the clock replaced, restoring the previous one afterwards even if it throws. */
export async function withClock<T>(clock: Clock, fn: () => Promise<T> | T): Promise<T> {
  const restore = setClock(clock);
  try {
    return await fn();
  } finally {
    restore();
  }
}
