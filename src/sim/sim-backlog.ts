import { dayArray } from "../engine/day.js";
import { localDayOf } from "../engine/local-day.js";
import type { Bookings } from "./bookings.js";
import { type Outcome, WarehousePlayOut } from "./play-out.js";
import type { SimCapacity } from "./sim-capacity.js";
import type { SimContext } from "./sim-context.js";

/** The rolling window of working days the throughput is learned over, and the fewest needed. */
export const SIM_THROUGHPUT_WINDOW_DAYS = 10;
export const SIM_THROUGHPUT_MIN_DAYS = 5;
/** How far back working days are looked for (as the service's BACKLOG_LOOKBACK_DAYS). */
const LOOKBACK_DAYS = 45;
const MAX_CHAIN_DAYS = 400;

/**
 * Backlog-aware promising in a simulation, the policy the service follows (docs/backlog.md): at
 * the start of each simulated day, each warehouse's real play-out so far (the same play-out the
 * results come from, run on the bookings made so far: a day's play-out only depends on shipments
 * promised to ship on or before it) gives
 * - the backlog: shipments promised for an earlier day and not shipped at yesterday's end;
 * - the learned throughput factor: over the last 10 working days, shipped / min(capacity,
 *   yesterday's backlog + booked that day), at least 5 such days, never above 1;
 * and promising sees capacity net of both, first in first out (SimCapacity.setBacklog).
 *
 * Difference from the service: the service counts a day's promises as backlog from its cut-off
 * plus grace, here from the next day's start (the simulation plays whole days), and the
 * service's backlog shipped today is not known here (the day is not played yet).
 */
export class SimBacklog {
  private readonly players: WarehousePlayOut[];
  private readonly outcome: Outcome;

  constructor(
    private readonly ctx: SimContext,
    bookings: Pick<Bookings, "log" | "bucketHead" | "lastBucketDay">,
    private readonly capacity: SimCapacity,
    seed: number,
  ) {
    const W = ctx.net.warehouses.length;
    const O = ctx.net.origins.length;
    const L = ctx.length;
    // Per-shipment arrays are not needed here (writes past a typed array's end are dropped).
    this.outcome = {
      shippedDay: dayArray(0),
      deliveredDay: dayArray(0),
      slowedDays: new Uint8Array(0),
      shipped: new Int32Array(W * L),
      backlog: new Int32Array(W * L),
      originShipped: new Int32Array(O * L),
      originBacklog: new Int32Array(O * L),
      throughput: new Int32Array(W * L),
    };
    this.players = ctx.net.warehouses.map(
      (w) =>
        new WarehousePlayOut(
          ctx,
          bookings,
          w.index,
          ctx.throughput,
          w.index * L,
          seed,
          this.outcome,
          false,
        ),
    );
  }

  /** Plays out each warehouse up to the day before `atMs`'s local date and sets what it left. */
  dayStarts(atMs: number): void {
    const { net, first, length } = this.ctx;
    for (const warehouse of net.warehouses) {
      const today = localDayOf(warehouse, net.horizon, atMs);
      if (today < 0) continue;
      const t0 = today - first;
      const player = this.players[warehouse.index]!;
      player.playUntil(t0);
      const w = warehouse.index;
      const base = w * length;
      const factor = this.factor(w, t0);
      const ahead: number[] = [];
      let carry = player.waiting;
      for (let i = t0; carry > 0 && i < length && ahead.length < MAX_CHAIN_DAYS; i++) {
        ahead.push(carry);
        if (warehouse.working[i] !== 1) continue;
        const cap = this.ctx.capacity[base + i]!;
        if (cap < 0) break;
        const eff = factor >= 1 ? cap : Math.floor(cap * factor + 1e-9);
        carry = Math.max(0, carry + this.capacity.booked[base + i]! - eff);
      }
      this.capacity.setBacklog(w, today, Int32Array.from(ahead), factor);
    }
  }

  /** The learned factor of warehouse `w` before day index `t0` (1 when too little is known). */
  private factor(w: number, t0: number): number {
    const { net, length } = this.ctx;
    const warehouse = net.warehouses[w]!;
    const base = w * length;
    const days: number[] = [];
    for (let i = t0 - 1; i >= 0 && i >= t0 - LOOKBACK_DAYS; i--) {
      if (warehouse.working[i] === 1) days.push(i);
      if (days.length === SIM_THROUGHPUT_WINDOW_DAYS) break;
    }
    let shipped = 0;
    let expected = 0;
    let counted = 0;
    for (const i of days) {
      const demand =
        (i > 0 ? this.outcome.backlog[base + i - 1]! : 0) + this.capacity.booked[base + i]!;
      const cap = this.ctx.capacity[base + i]!;
      const e = cap < 0 ? demand : Math.min(cap, demand);
      if (e <= 0) continue;
      counted++;
      expected += e;
      shipped += this.outcome.shipped[base + i]!;
    }
    if (counted < SIM_THROUGHPUT_MIN_DAYS || expected <= 0) return 1;
    return Math.min(1, shipped / expected);
  }
}
