import { isoDay, NO_DAY } from "../engine/day.js";
import type { Bookings } from "./bookings.js";
import { type MovedDemand, moveDemand } from "./move-demand.js";
import { emptyOutcome, playOutWarehouse } from "./play-out.js";
import type { QuestionWindow } from "./question-window.js";
import type { SimContext } from "./sim-context.js";
import type { BufferAnswer } from "./sim-result.js";

const count = (n: number): string => n.toLocaleString("en-US");
const pct = (r: number): string => `${Math.round(r * 1000) / 10}%`;
const BIG = 1 << 24;

/**
 * When capacity alone cannot hold the target at a warehouse: one line saying what does, with the
 * numbers (`capacity` is where the warehouse stops adding broken promises):
 * - raising every carrier pickup limit there by the fewest parcels a day that holds the target
 *   with no warehouse limit (a re-run of the warehouse's play-out per try, the same luck), priced by
 *   costs.pickup_limit_increases on the window's pickup days that have a limit;
 * - buffer days (the buffer question's answer for every service and per service);
 * - moving demand to another warehouse of the same services: the fewest parcels a day that,
 *   moved there and played out at both warehouses, hold the target (see moveDemand).
 */
export function whatHoldsTheTarget(
  ctx: SimContext,
  bookings: Bookings,
  warehouseId: string,
  capacity: number,
  target: number,
  window: QuestionWindow,
  seed: number,
  buffer: readonly BufferAnswer[] | null,
): { readonly text: string; readonly moved: MovedDemand | undefined } {
  const { net, length, first } = ctx;
  const w = net.warehouseById.get(warehouseId)!.index;
  const { log } = bookings;
  const shipments: number[] = [];
  for (let s = 0; s < log.count; s++) {
    const d = log.orderDay[s]!;
    if (d < window.fromIndex || d > window.toIndex) continue;
    if (net.origins[log.origin[s]!]!.warehouse.index === w) shipments.push(s);
  }
  const days = window.toIndex - window.fromIndex + 1;
  const outcome = emptyOutcome(ctx, bookings);
  // The warehouse is no limit here: what the carriers would need, whatever it ships.
  const row = new Int32Array(length).fill(1 << 29);
  const holds = (pickupExtra: number): boolean => {
    for (const s of shipments) outcome.deliveredDay[s] = NO_DAY;
    playOutWarehouse(ctx, bookings, w, row, 0, seed, outcome, false, pickupExtra);
    const kept = new Int32Array(days);
    const total = new Int32Array(days);
    for (const s of shipments) {
      const d = log.orderDay[s]! - window.fromIndex;
      total[d]!++;
      const delivered = outcome.deliveredDay[s]!;
      if (delivered >= 0 && delivered <= log.latestDay[s]!) kept[d]!++;
    }
    for (let d = 0; d < days; d++) {
      if (total[d]! > 0 && kept[d]! / total[d]! < target - 1e-12) return false;
    }
    return true;
  };

  const ways: string[] = [];
  const origins = net.originsByWarehouse[w]!;
  const limited = origins.filter((o) => o.service.pickupLimit.some((l) => l >= 0));
  if (limited.length > 0 && holds(BIG)) {
    let lo = 0;
    let hi = BIG;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (holds(mid)) hi = mid;
      else lo = mid;
    }
    const ids = limited.map((o) => o.service.id);
    let price = "";
    const costs = ctx.file.costs;
    if (costs.pickup_limit_increases.length > 0) {
      let total = 0;
      let priced = true;
      let pickupDays = 0;
      const fromI = ctx.startDay + window.fromIndex - first;
      const toI = ctx.startDay + window.toIndex - first;
      for (const origin of limited) {
        for (let i = fromI; i <= toI; i++) {
          if (origin.service.pickupLimit[i]! < 0 || origin.service.pickupDay[i] !== 1) continue;
          pickupDays++;
          const day = first + i;
          const entry = costs.pickup_limit_increases.find(
            (c) =>
              c.service === origin.service.id &&
              isoDay(c.date ?? c.from!) <= day &&
              day <= isoDay(c.date ?? c.to!),
          );
          if (entry === undefined || entry.max_units < hi) priced = false;
          else total += hi * entry.unit_cost;
        }
      }
      price = priced
        ? ` (${costs.currency === "" ? "" : `${costs.currency} `}${count(Math.round(total))} over the ${pickupDays} limited pickup day${pickupDays === 1 ? "" : "s"} of the window)`
        : " (beyond the priced increases)";
    }
    ways.push(`raising the pickup limits of ${ids.join(", ")} by ${count(hi)} a day${price}`);
  }
  const all = buffer?.find((b) => b.serviceId === "");
  if (all?.found) {
    const per = (buffer ?? [])
      .filter((b) => b.serviceId !== "" && b.found && b.bufferDays !== all.bufferDays)
      .map((b) => `${b.bufferDays} for ${b.serviceId}`);
    ways.push(
      `${all.bufferDays} more buffer day${all.bufferDays === 1 ? "" : "s"} for every service${per.length > 0 ? ` (${per.join(", ")})` : ""}`,
    );
  }
  const serviceIds = new Set(origins.map((o) => o.service.id));
  let best: MovedDemand | undefined;
  const tried: string[] = [];
  for (const x of net.warehouses) {
    if (x.index === w) continue;
    if (!(net.originsByWarehouse[x.index] ?? []).some((o) => serviceIds.has(o.service.id)))
      continue;
    tried.push(x.id);
    const moved = moveDemand(ctx, bookings, w, x.index, target, window, seed);
    if (moved !== undefined && (best === undefined || moved.perDay < best.perDay)) best = moved;
  }
  if (best !== undefined) {
    ways.push(
      `moving ${count(best.perDay)} parcels a day to ${best.toWarehouseId} (${count(best.moved)} of the window's ${count(best.shipments)}; played with them moved: ${pct(best.onTimeFrom)} on time at ${warehouseId}, ${pct(best.onTimeTo)} at ${best.toWarehouseId})`,
    );
  }
  const noMove =
    best === undefined && tried.length > 0
      ? ` Moving its demand to ${tried.join(" or ")} does not hold it either (played with the demand moved).`
      : "";
  const head = `Capacity alone cannot hold ${pct(target)} at ${warehouseId}`;
  if (ways.length === 0) {
    const text = `${head}, and neither do pickup limits or buffer days up to the maximum asked: the carriers are too slow; ${count(capacity)} a day is where the warehouse stops adding broken promises.${noMove}`;
    return { text, moved: best };
  }
  const text = `${head}; what does: ${ways.join("; or ")}. ${count(capacity)} a day is where the warehouse stops adding broken promises at today's pickup limits.${noMove}`;
  return { text, moved: best };
}
