import Holidays from "date-holidays";
import type { HolidayCalendarSpec } from "./network-schema.js";
import type { RawIssue } from "./raw-issue.js";

let library: Holidays | undefined;

/**
 * The date-holidays state code of a calendar's region: `BY` and `DE-BY` both name Bavaria.
 * undefined when the calendar has no region.
 */
export function holidayStateCode(spec: HolidayCalendarSpec): string | undefined {
  if (spec.region === undefined) return undefined;
  const prefix = `${spec.country}-`;
  return spec.region.startsWith(prefix) ? spec.region.slice(prefix.length) : spec.region;
}

/**
 * Checks that date-holidays knows the calendar's country and region (state). A calendar with
 * `use_library: false` takes nothing from the library and is not checked.
 */
export function checkHolidayCalendar(
  spec: HolidayCalendarSpec,
  path: readonly (string | number)[],
): RawIssue[] {
  if (!spec.use_library) return [];
  library ??= new Holidays();
  const countries = library.getCountries() as Record<string, string> | undefined;
  if (!countries || !(spec.country in countries)) {
    return [
      {
        path: [...path, "country"],
        message: `date-holidays has no calendar for country ${spec.country} (set use_library: false and list the holidays under add)`,
      },
    ];
  }
  const state = holidayStateCode(spec);
  if (state === undefined) return [];
  const states = library.getStates(spec.country) as Record<string, string> | undefined;
  if (states && state in states) return [];
  const known = states ? Object.keys(states).join(", ") : "none";
  return [
    {
      path: [...path, "region"],
      message: `date-holidays has no region ${spec.region} in ${spec.country} (known: ${known})`,
    },
  ];
}
