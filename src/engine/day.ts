/**
 * A civil date as an integer: days since 1970-01-01 (day 0 was a Thursday). It carries no zone:
 * it is "the date on a wall calendar", and every rule of the engine counts in these.
 *
 * The brand is type-only: at run time a Day is a plain number (typed arrays hold them as Int32),
 * but a count of days, an array index or an instant cannot be passed where a date is meant. Days
 * are made only here: parsed (parseIsoDay, isoDay), taken from an instant (utcDayOf, localDayOf),
 * moved (addDays), read back from storage (dayNumber) or read out of a DayArray.
 */
export type Day = number & { readonly [dayBrand]: "Day" };
declare const dayBrand: unique symbol;

export const MS_PER_DAY = 86_400_000;

/** "No such day": what day arrays and lookups hold for a date outside the horizon. Always < 0. */
export const NO_DAY = -1 as Day;

/**
 * An Int32Array of days (or NO_DAY): the compiled network's per-day tables that hold dates, such as
 * the next working day or the ship date of each release date. Reads give Days; writes take them.
 */
export type DayArray = Int32Array & { [index: number]: Day };

/** A DayArray of `length` entries, all NO_DAY until written. */
export function dayArray(length: number): DayArray {
  return new Int32Array(length).fill(NO_DAY) as DayArray;
}

/** A DayArray holding `days` in order. */
export function dayArrayOf(days: readonly Day[]): DayArray {
  return Int32Array.from(days) as DayArray;
}

/** A copy of the first `length` entries of a DayArray. */
export function sliceDays(days: DayArray, length: number): DayArray {
  return days.slice(0, length) as DayArray;
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function weekdayOf(day: Day): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The date `n` calendar days after `day` (before it when n < 0). */
export function addDays(day: Day, n: number): Day {
  return (day + n) as Day;
}

/** The earlier and the later of two dates. */
export function minDay(a: Day, b: Day): Day {
  return a < b ? a : b;
}
export function maxDay(a: Day, b: Day): Day {
  return a > b ? a : b;
}

/**
 * The day with this number (days since 1970-01-01): for day numbers read back from storage or a
 * format that holds days as integers (a column, a JSON field, a map key). Throws a RangeError for
 * anything that is not a whole number.
 */
export function dayNumber(n: number): Day {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a day number: ${n}`);
  return n as Day;
}

/** dayNumber for a nullable column. */
export function dayNumberOrNull(n: number | null): Day | null {
  return n === null ? null : dayNumber(n);
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
  return (Date.UTC(y, mo - 1, d) / MS_PER_DAY) as Day;
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
  return Math.floor(ms / MS_PER_DAY) as Day;
}
