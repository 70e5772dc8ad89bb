import { addDays, formatIsoDay, isoDay, NO_DAY } from "../engine/day.js";
import type { Bookings } from "./bookings.js";
import { emptyOutcome, playOutWarehouse } from "./play-out.js";
import type { QuestionWindow } from "./question-window.js";
import type { SimContext } from "./sim-context.js";
import type { CostPlan, CostPlanPoint } from "./sim-result.js";

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
const round2 = (x: number): number => Math.round(x * 100) / 100;
/** Greedy steps a plan takes at most before its pruning pass. */
const MAX_STEPS = 400;
const CANDIDATES_PER_PRICE = 3;

/**
 * The cheapest extra capacity per day at one warehouse that keeps the target on every day of
 * the window (each day's goal is the target, or the rate the carriers allow when they alone
 * keep it lower: the capacity question's goal), and beyond the target, every unit that saves
 * more in broken promises than it costs. The promises are those made without capacity limits
 * (as for the capacity question); the real throughput is the scenario's plus the extra.
 *
 * Greedy over days with a price (costs.extra_capacity): while the target fails, add a step of
 * capacity (1/25 of the largest backlog) on the day that removes the most shortfall per unit of
 * money (of the three days with the largest backlog at each price); then while a step saves
 * more than it costs, add it; then a pruning pass lowers each day's extra (dearest first) to the
 * least that still holds the target and still pays for itself. Every step is a real play-out of
 * the warehouse with the same luck (the same seed), and the steps trace the on-time rate against
 * the capacity added (the curve).
 */
export function planExtraCapacity(
  ctx: SimContext,
  bookings: Bookings,
  warehouseId: string,
  target: number,
  window: QuestionWindow,
  seed: number,
): CostPlan | undefined {
  const { net, length, first } = ctx;
  const costs = ctx.file.costs;
  const w = net.warehouseById.get(warehouseId)!.index;
  const warehouse = net.warehouses[w]!;
  const price = new Float64Array(length).fill(-1);
  const limit = new Int32Array(length);
  for (const entry of costs.extra_capacity) {
    if (entry.warehouse !== warehouseId) continue;
    const from = Math.max(isoDay(entry.date ?? entry.from!), first);
    const to = Math.min(isoDay(entry.date ?? entry.to!), first + length - 1);
    for (let day = from; day <= to; day++) {
      const i = day - first;
      if (price[i]! >= 0) continue;
      price[i] = entry.unit_cost;
      limit[i] = entry.max_units;
    }
  }
  const base = ctx.throughput.subarray(w * length, (w + 1) * length);
  for (let i = 0; i < length; i++) {
    if (warehouse.working[i] !== 1 || base[i]! < 0) price[i] = -1;
  }
  if (!price.some((p) => p >= 0)) return undefined;

  const { log } = bookings;
  const shipments: number[] = [];
  for (let s = 0; s < log.count; s++) {
    if (net.origins[log.origin[s]!]!.warehouse.index === w) shipments.push(s);
  }
  const days = window.toIndex - window.fromIndex + 1;
  const outcome = emptyOutcome(ctx, bookings);
  const row = new Int32Array(length);
  const extra = new Int32Array(length);
  const kept = new Int32Array(days);
  const total = new Int32Array(days);
  let broken = 0;
  let keptAll = 0;
  let totalAll = 0;

  const play = (add: Int32Array, pickupExtra = 0): void => {
    for (let i = 0; i < length; i++) row[i] = base[i]! < 0 ? -1 : base[i]! + add[i]!;
    for (const s of shipments) outcome.deliveredDay[s] = NO_DAY;
    playOutWarehouse(ctx, bookings, w, row, 0, seed, outcome, false, pickupExtra);
    kept.fill(0);
    total.fill(0);
    broken = 0;
    keptAll = 0;
    totalAll = 0;
    for (const s of shipments) {
      const delivered = outcome.deliveredDay[s]!;
      const ok = delivered >= 0 && delivered <= log.latestDay[s]!;
      if (!ok) broken++;
      const d = log.orderDay[s]! - window.fromIndex;
      if (d < 0 || d >= days) continue;
      total[d]!++;
      totalAll++;
      if (ok) {
        kept[d]!++;
        keptAll++;
      }
    }
  };

  // Each day's goal: the target, or what the carriers allow with no warehouse limit at all.
  const unlimited = new Int32Array(length).fill(1 << 29);
  play(unlimited);
  const goal = new Float64Array(days);
  let carrierDays = 0;
  for (let d = 0; d < days; d++) {
    const best = total[d] === 0 ? 1 : kept[d]! / total[d]!;
    goal[d] = Math.min(target, best);
    if (best < target) carrierDays++;
  }
  const shortfall = (): number => {
    let sum = 0;
    for (let d = 0; d < days; d++) {
      const need = Math.ceil(goal[d]! * total[d]! - 1e-9);
      if (kept[d]! < need) sum += need - kept[d]!;
    }
    return sum;
  };
  const worstDay = (): number | null => {
    let worst: number | null = null;
    for (let d = 0; d < days; d++) {
      if (total[d] === 0) continue;
      const r = kept[d]! / total[d]!;
      if (worst === null || r < worst) worst = r;
    }
    return worst === null ? null : round4(worst);
  };

  play(extra);
  const brokenBefore = broken;
  let maxBacklog = 0;
  for (let i = 0; i < length; i++)
    maxBacklog = Math.max(maxBacklog, outcome.backlog[w * length + i]!);
  const step = Math.max(1, Math.ceil(maxBacklog / 25));
  /** Bisections stop this close (one parcel when the backlog is small). */
  const precision = Math.max(1, Math.floor(step / 4));
  /**
   * The days worth trying for the next step: priced, with room and a backlog to clear. Every
   * try is a play-out, so per price only the CANDIDATES_PER_PRICE days with the largest backlog
   * are tried (where extra capacity ships the most).
   */
  const candidates = (backlog: Int32Array): number[] => {
    const byPrice = new Map<number, number[]>();
    for (let i = 0; i < length; i++) {
      if (price[i]! < 0 || backlog[i] === 0 || extra[i]! >= limit[i]!) continue;
      const list = byPrice.get(price[i]!) ?? [];
      list.push(i);
      byPrice.set(price[i]!, list);
    }
    const out: number[] = [];
    for (const list of byPrice.values()) {
      list.sort((a, b) => backlog[b]! - backlog[a]! || a - b);
      out.push(...list.slice(0, CANDIDATES_PER_PRICE));
    }
    return out.sort((a, b) => a - b);
  };
  const brokenCost = costs.broken_promise;
  const curve: CostPlanPoint[] = [];
  const spent = (): number => {
    let c = 0;
    for (let i = 0; i < length; i++) if (extra[i]! > 0) c += extra[i]! * price[i]!;
    return c;
  };
  const added = (): number => extra.reduce((a, b) => a + b, 0);
  const point = (): void => {
    curve.push({
      addedCapacity: added(),
      cost: round2(spent()),
      onTimeRate: totalAll === 0 ? null : round4(keptAll / totalAll),
      worstDayOnTimeRate: worstDay(),
      broken,
    });
  };
  point();

  for (let steps = 0; steps < MAX_STEPS; steps++) {
    const shortBefore = shortfall();
    const brokenNow = broken;
    const backlog = outcome.backlog.slice(w * length, (w + 1) * length);
    let best = -1;
    let bestAdd = 0;
    let bestScore = 0;
    for (const i of candidates(backlog)) {
      const add = Math.min(step, limit[i]! - extra[i]!);
      extra[i]! += add;
      play(extra);
      extra[i]! -= add;
      const money = Math.max(price[i]! * add, 1e-9);
      const score =
        shortBefore > 0
          ? (shortBefore - shortfall()) / money
          : (brokenNow - broken) * brokenCost > price[i]! * add
            ? (brokenNow - broken) / money
            : 0;
      if (score > bestScore + 1e-12) {
        best = i;
        bestAdd = add;
        bestScore = score;
      }
    }
    if (best < 0) break;
    extra[best]! += bestAdd;
    play(extra);
    point();
  }
  play(extra);
  const holds = shortfall() === 0;

  // Pruning, dearest days first: the least extra that still holds the target (when it held),
  // then above that only the units whose last block saves more than it costs; a cut that makes
  // the whole plan dearer is undone.
  const order = [...extra.keys()]
    .filter((i) => extra[i]! > 0)
    .sort((a, b) => price[b]! - price[a]! || a - b);
  const playWith = (i: number, e: number): void => {
    const keep = extra[i]!;
    extra[i] = e;
    play(extra);
    extra[i] = keep;
  };
  for (const i of order) {
    let least = 0;
    if (holds) {
      playWith(i, 0);
      if (shortfall() > 0) {
        let lo = 0;
        let hi = extra[i]!;
        while (hi - lo > precision) {
          const mid = (lo + hi) >> 1;
          playWith(i, mid);
          if (shortfall() === 0) hi = mid;
          else lo = mid;
        }
        least = hi;
      }
    }
    /** Whether the block of `precision` units ending at e saves more than it costs. */
    const pays = (e: number): boolean => {
      const from = Math.max(least, e - precision);
      playWith(i, from);
      const before = broken;
      playWith(i, e);
      return (before - broken) * brokenCost > price[i]! * (e - from);
    };
    let a = least;
    let b = brokenCost > 0 ? extra[i]! : least;
    while (b - a >= precision) {
      const mid = Math.ceil((a + b) / 2);
      if (pays(mid)) a = mid;
      else b = mid - 1;
    }
    // Keep the cut only when the whole plan's cost (capacity plus broken promises) does not
    // rise: days substitute for each other, so one day's margin alone can mislead.
    const was = extra[i]!;
    play(extra);
    const before = spent() + broken * brokenCost;
    extra[i] = a;
    play(extra);
    if (spent() + broken * brokenCost > before + 1e-9 || (holds && shortfall() > 0)) extra[i] = was;
  }
  play(extra);
  point();

  const planDays = [];
  for (let i = 0; i < length; i++) {
    if (extra[i]! <= 0) continue;
    planDays.push({
      date: formatIsoDay(addDays(first, i)),
      extraCapacity: extra[i]!,
      unitCost: price[i]!,
      cost: round2(extra[i]! * price[i]!),
    });
  }
  const capacityCost = round2(spent());
  const saved = brokenBefore - broken;
  return {
    warehouseId,
    currency: costs.currency,
    holdsTarget: holds,
    carrierLimitedDays: carrierDays,
    days: planDays,
    capacityCost,
    brokenBefore,
    brokenAfter: broken,
    promisesSaved: saved,
    savedValue: round2(saved * brokenCost),
    worstDayOnTimeRate: worstDay(),
    curve,
  };
}
