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

/** The value of `length` ASCII digits of `text` from `at`, or -1 if one is not a digit. */
function digitsAt(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Parses `YYYY-MM-DD`; returns undefined for anything else, including impossible dates. */
export function parseIsoDay(text: string): Day | undefined {
  // Read by character codes (no regular expression, no Date object): history imports and
  // tracking events parse millions of these.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) {
    return undefined;
  }
  const y = digitsAt(text, 0, 4);
  const mo = digitsAt(text, 5, 2);
  const d = digitsAt(text, 8, 2);
  // Years 0000-0099 are refused (Date.UTC would read them as 1900-1999).
  if (y < 100 || mo < 1 || mo > 12 || d < 1) return undefined;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const monthDays =
    mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (d > monthDays) return undefined;
  return Date.UTC(y, mo - 1, d) / MS_PER_DAY;
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
