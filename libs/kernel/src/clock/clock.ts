/** The clock lives at the edge: handlers read it once and hand `now` to the pure deciders. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The injection token of the process's Clock (a plain symbol: the kernel knows no framework). */
export const CLOCK = Symbol('CLOCK');
