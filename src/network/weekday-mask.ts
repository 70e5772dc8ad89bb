import { WEEKDAYS, type Weekday } from "./network-schema.js";

/** mask[isoWeekday] = 1 for the listed weekdays (index 1 = Monday ... 7 = Sunday; 0 unused). */
export function weekdayMask(weekdays: readonly Weekday[]): Uint8Array {
  const mask = new Uint8Array(8);
  for (const weekday of weekdays) mask[WEEKDAYS.indexOf(weekday) + 1] = 1;
  return mask;
}
