import type { CompiledWarehouse, DayNote, Horizon } from "../engine/compiled-network.js";
import {
  addDays,
  type Day,
  dayArray,
  isoDay,
  maxDay,
  minDay,
  NO_DAY,
  weekdayOf,
} from "../engine/day.js";
import type { WarehouseIndex } from "../engine/network-index.js";
import { buildHolidayCalendar } from "./holiday-calendar.js";
import { expandNamedDays } from "./named-days.js";
import { type PeakSpec, type WarehouseSpec, WEEKDAYS, type Weekday } from "./network-schema.js";
import { weekdayMask } from "./weekday-mask.js";
import { minutesOfLocalTime, type ZoneDayTable } from "./zone-day-table.js";

/**
 * Compiles one warehouse over the horizon: working days (extra working day, or a working weekday
 * that is neither a public holiday of its calendar nor a closure), notes for holidays and closures
 * that stop work (the holiday's name wins when a day is both), local midnights and cut-offs as UTC
 * instants, next working day, and daily capacity (default, then peak windows, then per-date
 * overrides; overlapping peak windows give the larger capacity). `zoneDays` is the table of the
 * warehouse's zone over the horizon.
 */
export function compileWarehouse(
  spec: WarehouseSpec,
  index: WarehouseIndex,
  horizon: Horizon,
  peaks: readonly PeakSpec[],
  zoneDays: ZoneDayTable,
): CompiledWarehouse {
  const { firstDay, lastDay, length } = horizon;
  const holidays = buildHolidayCalendar(spec.holidays, firstDay, lastDay);
  const closures = expandNamedDays(spec.closures, firstDay, lastDay);
  const extra = expandNamedDays(spec.extra_working_days, firstDay, lastDay);
  const workingWeekday = weekdayMask(spec.working_days);

  const working = new Uint8Array(length);
  const notes = new Map<Day, DayNote>();
  for (let i = 0; i < length; i++) {
    const day = addDays(firstDay, i);
    if (extra.has(day)) {
      working[i] = 1;
      continue;
    }
    const holiday = holidays.get(day);
    const closure = closures.get(day);
    if (workingWeekday[weekdayOf(day)] === 1 && holiday === undefined && closure === undefined) {
      working[i] = 1;
    } else if (holiday !== undefined) {
      notes.set(day, { code: "WAREHOUSE_HOLIDAY", name: holiday });
    } else if (closure !== undefined) {
      notes.set(day, { code: "WAREHOUSE_CLOSED", name: closure });
    }
  }

  const nextWorking = dayArray(length);
  let next = NO_DAY;
  for (let i = length - 1; i >= 0; i--) {
    if (working[i] === 1) next = addDays(firstDay, i);
    nextWorking[i] = next;
  }

  const cutoffMs = new Float64Array(length);
  const byWeekday = weekdayCutoffs(spec.cutoff.default, spec.cutoff.weekdays);
  const byDate = new Map<Day, number>();
  for (const [date, time] of Object.entries(spec.cutoff.dates)) {
    byDate.set(isoDay(date), minutesOfLocalTime(time));
  }
  for (let i = 0; i < length; i++) {
    const day = addDays(firstDay, i);
    cutoffMs[i] = zoneDays.localTimeMs(i, byDate.get(day) ?? byWeekday[weekdayOf(day)]!);
  }

  return {
    index,
    id: spec.id,
    name: spec.name,
    timeZone: spec.time_zone,
    country: spec.holidays.country,
    midnightMs: zoneDays.midnightMs,
    working,
    nextWorking,
    cutoffMs,
    notes,
    handlingDays: spec.handling_days,
    receivingDays: spec.receiving_days,
    capacity: compileCapacity(spec, horizon, peaks),
  };
}

function weekdayCutoffs(
  fallback: string,
  weekdays: Partial<Record<Weekday, string>>,
): readonly number[] {
  return [0, ...WEEKDAYS.map((name) => minutesOfLocalTime(weekdays[name] ?? fallback))];
}

function compileCapacity(
  spec: WarehouseSpec,
  horizon: Horizon,
  peaks: readonly PeakSpec[],
): Int32Array {
  const { firstDay, lastDay } = horizon;
  const capacity = new Int32Array(horizon.length).fill(spec.daily_capacity ?? -1);
  const peakCapacity = new Map<Day, number>();
  for (const peak of peaks) {
    const value = peak.warehouse_capacity[spec.id];
    if (value === undefined) continue;
    const from = maxDay(isoDay(peak.from), firstDay);
    const to = minDay(isoDay(peak.to), lastDay);
    for (let day = from; day <= to; day++) {
      peakCapacity.set(day, Math.max(value, peakCapacity.get(day) ?? 0));
    }
  }
  for (const [day, value] of peakCapacity) capacity[day - firstDay] = value;
  for (const [date, value] of Object.entries(spec.capacity_overrides)) {
    const day = isoDay(date);
    if (day >= firstDay && day <= lastDay) capacity[day - firstDay] = value;
  }
  return capacity;
}
