/**
 * A civil date as an integer: days since 1970-01-01 (day 0 was a Thursday). It carries no zone:
 * it is "the date on a wall calendar", and every rule of the engine counts in these.
 */
export type Day = number;

export const MS_PER_DAY = 86_400_000;

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function weekdayOf(day: Day): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; returns undefined for anything else, including impossible dates. */
export function parseIsoDay(text: string): Day | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return undefined;
  }
  return ms / MS_PER_DAY;
}

/** Like parseIsoDay, for dates that are known to be valid (tests, compiled data). */
export function isoDay(text: string): Day {
  const day = parseIsoDay(text);
  if (day === undefined) throw new RangeError(`not an ISO date: ${text}`);
  return day;
}

export function formatIsoDay(day: Day): string {
  const date = new Date(day * MS_PER_DAY);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  return `${y}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/** The civil date of a UTC instant in UTC (not in any warehouse's zone). */
export function utcDayOf(ms: number): Day {
  return Math.floor(ms / MS_PER_DAY);
}
