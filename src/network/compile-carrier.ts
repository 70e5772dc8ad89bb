import type { CompiledCarrier, DayNote, Horizon } from "../engine/compiled-network.js";
import type { Day } from "../engine/day.js";
import type { CarrierIndex } from "../engine/network-index.js";
import { buildHolidayCalendar } from "./holiday-calendar.js";
import { expandNamedDays } from "./named-days.js";
import type { CarrierSpec } from "./network-schema.js";

/**
 * Compiles a carrier's calendar: a day off is a public holiday of its calendar or one of its
 * closures, unless it is one of its extra working days. Days off carry a CARRIER_CLOSED note named
 * after the holiday (or, when the day is no holiday, the closure).
 */
export function compileCarrier(
  spec: CarrierSpec,
  index: CarrierIndex,
  horizon: Horizon,
): CompiledCarrier {
  const { firstDay, lastDay, length } = horizon;
  const holidays = buildHolidayCalendar(spec.holidays, firstDay, lastDay);
  const closures = expandNamedDays(spec.closures, firstDay, lastDay);
  const extra = expandNamedDays(spec.extra_working_days, firstDay, lastDay);

  const dayOff = new Uint8Array(length);
  const extraWorking = new Uint8Array(length);
  const notes = new Map<Day, DayNote>();
  for (const day of extra.keys()) extraWorking[day - firstDay] = 1;
  for (const [day, name] of [...closures, ...holidays]) {
    if (extra.has(day)) continue;
    dayOff[day - firstDay] = 1;
    notes.set(day, { code: "CARRIER_CLOSED", name }); // holidays come last: their names win
  }
  return { index, id: spec.id, name: spec.name, dayOff, extraWorking, notes };
}
