import Holidays from "date-holidays";
import { addDays, type Day, MS_PER_DAY, parseIsoDay, utcDayOf } from "../engine/day.js";
import { holidayStateCode } from "./check-holiday-calendar.js";
import type { HolidayCalendarSpec } from "./network-schema.js";

type YearHolidays = readonly (readonly [Day, string])[];

const libraries = new Map<string, Holidays>();
const years = new Map<string, YearHolidays>();

/**
 * The public holidays of a calendar between firstDay and lastDay (inclusive), by day, with their
 * names: date-holidays' holidays of type `public` (English names where the library has them;
 * a multi-day entry covers every day of its span; where two entries share a day the first keeps
 * it), then the file's `add` (their names win), then minus its `remove`. Dates come from the
 * library's local `date` string, never from the host's zone. Library years are cached per process.
 */
export function buildHolidayCalendar(
  spec: HolidayCalendarSpec,
  firstDay: Day,
  lastDay: Day,
): Map<Day, string> {
  const calendar = new Map<Day, string>();
  if (spec.use_library) {
    // A span starting late in December may reach into a range that starts in January.
    const firstYear = yearOf(firstDay) - (firstDay - yearStart(firstDay) < 31 ? 1 : 0);
    const lastYear = yearOf(lastDay);
    for (let year = firstYear; year <= lastYear; year++) {
      for (const [day, name] of libraryYear(spec, year)) {
        if (day >= firstDay && day <= lastDay && !calendar.has(day)) calendar.set(day, name);
      }
    }
  }
  for (const added of spec.add) {
    const day = parseIsoDay(added.date);
    if (day !== undefined && day >= firstDay && day <= lastDay) calendar.set(day, added.name);
  }
  for (const removed of spec.remove) {
    const day = parseIsoDay(removed);
    if (day !== undefined) calendar.delete(day);
  }
  return calendar;
}

function libraryYear(spec: HolidayCalendarSpec, year: number): YearHolidays {
  const state = holidayStateCode(spec);
  const key = `${spec.country}|${state ?? ""}|${year}`;
  let cached = years.get(key);
  if (cached === undefined) {
    cached = loadLibraryYear(library(spec.country, state), year);
    years.set(key, cached);
  }
  return cached;
}

function library(country: string, state: string | undefined): Holidays {
  const key = `${country}|${state ?? ""}`;
  let holidays = libraries.get(key);
  if (holidays === undefined) {
    // Asking for public holidays only skips the (slow) lunar observances.
    const options = { types: ["public" as const] };
    holidays =
      state === undefined ? new Holidays(country, options) : new Holidays(country, state, options);
    libraries.set(key, holidays);
  }
  return holidays;
}

function loadLibraryYear(holidays: Holidays, year: number): YearHolidays {
  const out: [Day, string][] = [];
  for (const holiday of holidays.getHolidays(year, "en")) {
    if (holiday.type !== "public") continue;
    const start = parseIsoDay(holiday.date.slice(0, 10));
    if (start === undefined) continue;
    // start/end are the instants of local midnight at both ends: their distance in whole days
    // (rounded over a DST change) is the span's length.
    const span = Math.max(
      1,
      Math.round((holiday.end.getTime() - holiday.start.getTime()) / MS_PER_DAY),
    );
    for (let k = 0; k < span; k++) out.push([addDays(start, k), holiday.name]);
  }
  return out;
}

function yearOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

function yearStart(day: Day): Day {
  return utcDayOf(Date.UTC(yearOf(day), 0, 1));
}
