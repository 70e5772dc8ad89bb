import { DateTime } from "luxon";
import { addDays, type Day, formatIsoDay, isoDay, weekdayOf } from "../engine/day.js";
import { WEEKDAYS } from "../network/network-schema.js";
import type { DemandSpec } from "./scenario-schema.js";

/** How many orders arrive in each local hour of each simulated day, and when each hour starts. */
export interface DemandPlan {
  readonly startDay: Day;
  readonly days: number;
  /** Orders per day. */
  readonly perDay: Int32Array;
  /** Orders per day and local hour: perHour[day * 24 + hour]. */
  readonly perHour: Int32Array;
  /** The UTC instant each local hour starts: hourStartMs[day * 25 + hour], hour 24 = next day. */
  readonly hourStartMs: Float64Array;
  readonly total: number;
}

/**
 * The demand of every simulated day: the base count (one number, or the count listed for the
 * date) times the weekday factor times every multiplier covering the day, rounded; spread over the
 * 24 local hours of the day's profile (the last covering multiplier's, else the default) by largest
 * remainders, so the counts are exact and the same on every run.
 */
export function planDemand(
  demand: DemandSpec,
  startDay: Day,
  days: number,
  timeZone: string,
): DemandPlan {
  const perDay = new Int32Array(days);
  const perHour = new Int32Array(days * 24);
  const hourStartMs = new Float64Array(days * 25);
  const multipliers = demand.multipliers.map((m) => ({
    from: isoDay(m.date ?? m.from!),
    to: isoDay(m.date ?? m.to!),
    factor: m.factor,
    profile: m.hourly_profile,
  }));
  let total = 0;
  for (let i = 0; i < days; i++) {
    const day = addDays(startDay, i);
    const base =
      typeof demand.orders_per_day === "number"
        ? demand.orders_per_day
        : (demand.orders_per_day[formatIsoDay(day)] ?? 0);
    let expected = base * (demand.weekday_factors[WEEKDAYS[weekdayOf(day) - 1]!] ?? 1);
    let profile = demand.hourly_profile;
    for (const m of multipliers) {
      if (day < m.from || day > m.to) continue;
      expected *= m.factor;
      if (m.profile !== undefined) profile = m.profile;
    }
    const count = Math.round(expected);
    perDay[i] = count;
    total += count;
    spreadOverHours(count, profile, perHour, i * 24);
    const date = DateTime.fromMillis(day * 86_400_000, { zone: "UTC" });
    for (let h = 0; h <= 24; h++) {
      const local = DateTime.fromObject(
        { year: date.year, month: date.month, day: date.day, hour: 0 },
        { zone: timeZone },
      ).plus({ hours: h });
      hourStartMs[i * 25 + h] = local.toMillis();
    }
    // Hour 24 is the next local midnight (23 or 25 hours away on a DST change).
    hourStartMs[i * 25 + 24] = DateTime.fromObject(
      { year: date.year, month: date.month, day: date.day },
      { zone: timeZone },
    )
      .plus({ days: 1 })
      .toMillis();
    for (let h = 23; h >= 0; h--) {
      const next = hourStartMs[i * 25 + h + 1]!;
      if (hourStartMs[i * 25 + h]! > next) hourStartMs[i * 25 + h] = next;
    }
  }
  return { startDay, days, perDay, perHour, hourStartMs, total };
}

function spreadOverHours(
  count: number,
  profile: readonly number[],
  out: Int32Array,
  offset: number,
): void {
  const sum = profile.reduce((a, b) => a + b, 0);
  const shares = profile.map((w) => (count * w) / sum);
  let given = 0;
  for (let h = 0; h < 24; h++) {
    const whole = Math.floor(shares[h]!);
    out[offset + h] = whole;
    given += whole;
  }
  const order = shares
    .map((s, h) => ({ h, rest: s - Math.floor(s) }))
    .sort((a, b) => b.rest - a.rest || a.h - b.h);
  for (let k = 0; given < count; k++, given++) {
    const h = order[k % 24]!.h;
    out[offset + h] = out[offset + h]! + 1;
  }
}
