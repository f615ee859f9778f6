/**
 * Where the engine reads the time. Services that stamp events, start deadlines, expire sessions
 * or sign checkpoints take a Clock instead of calling `new Date()`, so that a test can set the
 * time and move it on (tests/support/test-clock.ts), the way XState's SimulatedClock stands in
 * for timers. Log timestamps and database bookkeeping columns read the wall clock directly.
 */
export interface Clock {
  now(): Date;
}

/** The wall clock: the default everywhere outside tests. */
export const systemClock: Clock = { now: () => new Date() };
