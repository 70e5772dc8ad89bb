/** The current instant, UTC ms. Everything that needs "now" takes a Clock, never Date.now(). */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** A clock that never moves (demos, tests). */
export function fixedClock(nowMs: number): Clock {
  return () => nowMs;
}

/** The clock a configuration asks for: fixed when `fixedNowMs` is set, else the system clock. */
export function clockFor(config: { readonly fixedNowMs: number | undefined }): Clock {
  return config.fixedNowMs === undefined ? systemClock : fixedClock(config.fixedNowMs);
}
