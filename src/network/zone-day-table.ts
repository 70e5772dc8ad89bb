import { DateTime, IANAZone } from "luxon";
import { addDays, type Day, MS_PER_DAY } from "../engine/day.js";

const MS_PER_MINUTE = 60_000;

/** Local midnights and local times of a run of days in one IANA zone, as UTC instants. */
export interface ZoneDayTable {
  /** Start of each local day firstDay + i; length count + 1 (the last is the end of the run). */
  readonly midnightMs: Float64Array;
  /** The instant of the local time `minutes` after 00:00 on day firstDay + index, DST-exact. */
  localTimeMs(index: number, minutes: number): number;
}

/**
 * Builds the table with one zone-offset lookup per day. On days whose offset is the same from two
 * days before to two days after, local times are plain arithmetic; around a DST change (or any
 * offset change) they come from luxon, which is the reference: `DateTime.fromObject({year, month,
 * day}, {zone}).startOf('day')` for midnights and `fromObject({..., hour, minute}, {zone})` for
 * times (a time in a spring-forward gap moves forward as luxon moves it).
 */
export function buildZoneDayTable(timeZone: string, firstDay: Day, count: number): ZoneDayTable {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
  // offsets[k] = offset (minutes) at UTC noon of day firstDay - 2 + k
  const offsets = new Int32Array(count + 5);
  for (let k = 0; k < offsets.length; k++) {
    offsets[k] = zone.offset((firstDay - 2 + k) * MS_PER_DAY + MS_PER_DAY / 2);
  }
  const stable = new Uint8Array(count + 1);
  for (let i = 0; i <= count; i++) {
    const o = offsets[i + 2]!;
    stable[i] =
      offsets[i] === o && offsets[i + 1] === o && offsets[i + 3] === o && offsets[i + 4] === o
        ? 1
        : 0;
  }
  const midnightMs = new Float64Array(count + 1);
  for (let i = 0; i <= count; i++) {
    const day = addDays(firstDay, i);
    midnightMs[i] =
      stable[i] === 1
        ? day * MS_PER_DAY - offsets[i + 2]! * MS_PER_MINUTE
        : civil(day, timeZone).startOf("day").toMillis();
  }
  return {
    midnightMs,
    localTimeMs(index: number, minutes: number): number {
      if (stable[index] === 1) return midnightMs[index]! + minutes * MS_PER_MINUTE;
      const hour = Math.floor(minutes / 60);
      return civil(addDays(firstDay, index), timeZone, hour, minutes - hour * 60).toMillis();
    },
  };
}

function civil(day: Day, zone: string, hour = 0, minute = 0): DateTime {
  const date = new Date(day * MS_PER_DAY);
  return DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour,
      minute,
    },
    { zone },
  );
}

/** Minutes after midnight of a validated `HH:MM`. */
export function minutesOfLocalTime(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}
