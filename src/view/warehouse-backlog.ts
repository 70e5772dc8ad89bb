import type { CompiledWarehouse, Horizon } from "../engine/compiled-network.js";
import { addDays, type Day, maxDay } from "../engine/day.js";
import { localDayOf } from "../engine/local-day.js";

/** How the promises see what a warehouse has not shipped yet, and what it really ships. */
export interface BacklogSettings {
  /** Off: capacity is nominal capacity minus what is booked (the behaviour before backlog). */
  readonly enabled: boolean;
  /**
   * A day's promises count as backlog once its warehouse-local cut-off plus this much has
   * passed and they have not shipped (default 2 hours: the warehouse's last wave).
   */
  readonly graceMs: number;
  /** Learn the warehouse's real throughput from shipped counts (never above its capacity). */
  readonly learnThroughput: boolean;
  /** The rolling window: the last this many working days before today (default 10). */
  readonly throughputWindowDays: number;
  /** Fewer working days with work than this in the window: factor 1 (default 5). */
  readonly throughputMinDays: number;
}

export const DEFAULT_BACKLOG_SETTINGS: BacklogSettings = {
  enabled: true,
  graceMs: 2 * 60 * 60 * 1000,
  learnThroughput: true,
  throughputWindowDays: 10,
  throughputMinDays: 5,
};

/**
 * Due days older than this are no longer counted as backlog (a promise that has not shipped a
 * month and a half after its date is a data problem, not work the warehouse still has), and the
 * confirm snapshot reads load rows this far back.
 */
export const BACKLOG_LOOKBACK_DAYS = 45;

/** The longest chain of days a backlog is projected over. */
const MAX_CHAIN_DAYS = 400;

/** What the projection reads, per warehouse and day. */
export interface BacklogInputs {
  readonly warehouse: CompiledWarehouse;
  readonly horizon: Horizon;
  /** Capacity as planned (admin override or default, else the network's); -1: no limit. */
  readonly capacity: (day: Day) => number;
  /** Whether an admin set this date's capacity (then it stays exact). */
  readonly planned: (day: Day) => boolean;
  readonly external: (day: Day) => number;
  /** Orders promised here for the day (confirmed and fulfilled). */
  readonly promised: (day: Day) => number;
  /** Promises due that day that shipped (on any day). */
  readonly shipped: (day: Day) => number;
  /** Promises that shipped on that warehouse-local day. */
  readonly shippedOn: (day: Day) => number;
}

/** A warehouse's backlog and real throughput at one instant. */
export interface BacklogProjection {
  /** The first day whose cut-off plus grace has not passed yet: backlog ships from here on. */
  readonly firstOpenDay: Day;
  /** Until this instant (exclusive) `firstOpenDay` stays the same. */
  readonly validUntilMs: number;
  /** Since this instant `firstOpenDay` is what it is. */
  readonly validFromMs: number;
  /** Whether the warehouse reports shipments (any in the lookback); if not, nothing applies. */
  readonly tracked: boolean;
  /** Promises past their due day (cut-off plus grace) and not shipped. */
  readonly backlog: number;
  /** The real-throughput factor applied to unplanned capacity from firstOpenDay on (0..1). */
  readonly factor: number;
  /** Working days in the window that had work (the factor is 1 below the minimum). */
  readonly learnedDays: number;
  /**
   * Older work (backlog) that already shipped on firstOpenDay: it took that day's throughput.
   */
  readonly aheadShipped: number;
  /** Orders of older work not shipped yet, ahead of new promises on firstOpenDay + i. */
  readonly carryIn: Int32Array;
}

/** The instant a day's promises become backlog: its cut-off (or its end) plus grace. */
export function dueEndMs(
  warehouse: CompiledWarehouse,
  horizon: Horizon,
  day: Day,
  graceMs: number,
): number {
  const i = day - horizon.firstDay;
  if (i < 0) return Number.NEGATIVE_INFINITY;
  if (i >= horizon.length) return Number.POSITIVE_INFINITY;
  const cutoff = warehouse.cutoffMs[i]!;
  const end = Number.isNaN(cutoff) ? warehouse.midnightMs[i + 1]! : cutoff;
  return end + graceMs;
}

/** The first day whose due end has not passed at `nowMs`, and the instants it holds between. */
export function firstOpenDay(
  warehouse: CompiledWarehouse,
  horizon: Horizon,
  nowMs: number,
  graceMs: number,
): { day: Day; fromMs: number; untilMs: number } {
  let day = localDayOf(warehouse, horizon, nowMs);
  if (day < 0) day = nowMs < warehouse.midnightMs[0]! ? horizon.firstDay : horizon.lastDay;
  while (dueEndMs(warehouse, horizon, addDays(day, -1), graceMs) > nowMs) day--;
  while (dueEndMs(warehouse, horizon, day, graceMs) <= nowMs) day++;
  return {
    day,
    fromMs: dueEndMs(warehouse, horizon, addDays(day, -1), graceMs),
    untilMs: dueEndMs(warehouse, horizon, day, graceMs),
  };
}

/**
 * The warehouse's backlog, real throughput and the older work ahead of each coming day.
 *
 * - backlog B = sum over due days d in [T0 - 45, T0) of max(0, promised(d) - shipped(d)),
 *   T0 = firstOpenDay;
 * - older work that already shipped on T0 (S = max(0, shippedOn(T0) - shipped(T0)), backlog
 *   shipped today) took T0's throughput: room(T0) = cap'(T0) - S - B - load(T0);
 * - first in, first out, over the days from T0 with carry(T0) = B:
 *   carry(t+1) = max(0, carry(t) + load(t) - max(0, cap'(t) - S if t = T0)) on working days (a
 *   non-working day ships nothing and passes the carry on), room(t) = cap'(t) - carry(t) -
 *   load(t) for t > T0, cap'(t) = the
 *   planned capacity when an admin set that date, else floor(factor * capacity(t)); a day with
 *   no limit clears it;
 * - the factor: over the last `throughputWindowDays` working days before T0, oldest first, with
 *   open = 0 at the start: demand(d) = open + promised(d), expected(d) = min(capacity(d) -
 *   external(d), demand(d)), open = max(0, demand(d) - shippedOn(d)); factor = sum shippedOn /
 *   sum expected over the days with expected > 0, clamped to [0, 1], and 1 when fewer than
 *   `throughputMinDays` such days.
 *
 * A warehouse that reported no shipment in the lookback is not tracked: no backlog, factor 1
 * (a shop that never calls FulfilPromise must not see every promise turn into backlog).
 */
export function projectBacklog(
  inputs: BacklogInputs,
  nowMs: number,
  settings: BacklogSettings,
): BacklogProjection {
  const { warehouse, horizon } = inputs;
  const first = horizon.firstDay;
  const open = firstOpenDay(warehouse, horizon, nowMs, settings.graceMs);
  const t0 = open.day;
  const none: BacklogProjection = {
    firstOpenDay: t0,
    validFromMs: open.fromMs,
    validUntilMs: open.untilMs,
    tracked: false,
    backlog: 0,
    factor: 1,
    learnedDays: 0,
    aheadShipped: 0,
    carryIn: new Int32Array(0),
  };
  if (!settings.enabled) return none;
  const from = maxDay(first, addDays(t0, -BACKLOG_LOOKBACK_DAYS));
  let tracked = false;
  for (let d = from; d <= t0 && !tracked; d++) tracked = inputs.shippedOn(d) > 0;
  if (!tracked) return none;

  let backlog = 0;
  for (let d = from; d < t0; d++) backlog += Math.max(0, inputs.promised(d) - inputs.shipped(d));

  let factor = 1;
  let learnedDays = 0;
  if (settings.learnThroughput) {
    const days: Day[] = [];
    for (let d = addDays(t0, -1); d >= from && days.length < settings.throughputWindowDays; d--) {
      if (warehouse.working[d - first] === 1) days.push(d);
    }
    days.reverse();
    let carried = 0;
    let shippedSum = 0;
    let expectedSum = 0;
    for (const d of days) {
      const demand = carried + inputs.promised(d);
      const cap = inputs.capacity(d);
      const room = cap < 0 ? demand : Math.max(0, cap - inputs.external(d));
      const expected = Math.min(room, demand);
      const shippedOn = inputs.shippedOn(d);
      if (expected > 0) {
        learnedDays++;
        shippedSum += shippedOn;
        expectedSum += expected;
      }
      carried = Math.max(0, demand - shippedOn);
    }
    if (learnedDays >= settings.throughputMinDays && expectedSum > 0) {
      factor = Math.min(1, Math.max(0, shippedSum / expectedSum));
    }
  }

  const chain: number[] = [];
  const aheadShipped = Math.max(0, inputs.shippedOn(t0) - inputs.shipped(t0));
  let carry = backlog;
  const last = first + horizon.length - 1;
  for (let t = t0; t <= last && chain.length < MAX_CHAIN_DAYS; t++) {
    const used = t === t0 ? aheadShipped : 0;
    if (carry <= 0 && used <= 0) break;
    chain.push(carry);
    if (warehouse.working[t - first] !== 1) continue;
    const cap = effectiveCapacity(inputs, t, factor);
    if (cap < 0) {
      chain.length = chain.length - 1;
      break;
    }
    carry = Math.max(0, carry + inputs.external(t) + inputs.promised(t) - Math.max(0, cap - used));
  }
  return {
    firstOpenDay: t0,
    validFromMs: open.fromMs,
    validUntilMs: open.untilMs,
    tracked: true,
    backlog,
    factor,
    learnedDays,
    aheadShipped,
    carryIn: Int32Array.from(chain),
  };
}

/** Capacity on a day from firstOpenDay on: planned dates exact, others times the factor. */
export function effectiveCapacity(inputs: BacklogInputs, day: Day, factor: number): number {
  const cap = inputs.capacity(day);
  if (cap < 0 || factor >= 1 || inputs.planned(day)) return cap;
  return Math.floor(cap * factor + 1e-9);
}
