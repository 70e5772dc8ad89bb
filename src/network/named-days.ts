import { type Day, maxDay, minDay, parseIsoDay } from "../engine/day.js";
import type { NamedRangeSpec } from "./network-schema.js";

/**
 * The days of named dates or date ranges (both ends included) that fall in [firstDay, lastDay],
 * with their names; where two entries share a day the first keeps it.
 */
export function expandNamedDays(
  entries: readonly (NamedRangeSpec | { date: string; name: string })[],
  firstDay: Day,
  lastDay: Day,
): Map<Day, string> {
  const days = new Map<Day, string>();
  for (const entry of entries) {
    const from = "from" in entry && entry.from !== undefined ? entry.from : entry.date;
    const to = "to" in entry && entry.to !== undefined ? entry.to : entry.date;
    const start = from === undefined ? undefined : parseIsoDay(from);
    const end = to === undefined ? undefined : parseIsoDay(to);
    if (start === undefined || end === undefined) continue;
    for (let day = maxDay(start, firstDay); day <= minDay(end, lastDay); day++) {
      if (!days.has(day)) days.set(day, entry.name);
    }
  }
  return days;
}
