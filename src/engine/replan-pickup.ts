import type { CartLineQuery } from "./cart-quote.js";
import type { CompiledNetwork } from "./compiled-network.js";
import { type Day, NO_DAY } from "./day.js";
import { localDayOf } from "./local-day.js";
import { indexAt, type SkuIndex, type WarehouseIndex } from "./network-index.js";
import { planPickup } from "./pickup-options.js";
import type { CapacityReader, InboundLot, StockReader } from "./stock-reader.js";

/** One stock movement of a confirmed pick-up, as the risk monitor knows it. */
export interface PickupLeg {
  /** The store's own id (its own stock), or the transfer warehouse's. */
  readonly warehouseId: string;
  /** The store's own stock: the ready day; a transfer: the day it leaves the warehouse. */
  readonly shipDay: Day;
  /** Its stock was cut: the ETA of the covering inbound lot, undefined when none covers it. */
  readonly stockShort?: { readonly coverEtaDay: Day | undefined } | undefined;
  /** The day's capacity (the store's pick-ups, or the transfer warehouse's orders) was cut. */
  readonly capacityCut?: boolean | undefined;
  /** The carrier pickups of the transfer's day were cut. */
  readonly pickupCut?: boolean | undefined;
}

/**
 * Orders a stock location (a store's pick-ups, a transfer warehouse's orders; by id) can still
 * take on a day, as the caller knows them now; Infinity: no limit.
 */
export type PickupRoom = (locationId: string, day: Day) => number;

/**
 * Carrier pickups a service's origin at a warehouse (by ids) still has on a day, as the caller
 * knows them now; Infinity: no limit.
 */
export type PickupsLeft = (warehouseId: string, serviceId: string, day: Day) => number;

export interface PickupReplanQuery {
  readonly net: CompiledNetwork;
  readonly storeId: string;
  /** When the promise was confirmed (UTC ms): the pick-up is planned again from that instant. */
  readonly confirmedAtMs: number;
  /** The promised ready day (store-local). */
  readonly promisedReadyDay: Day;
  readonly legs: readonly PickupLeg[];
  /**
   * The room per day, read only when a leg's capacity was cut: its held day is then full and the
   * pick-up goes to the first later day with room (at the store, and at a transfer warehouse for
   * the day the transfer leaves). Absent: a capacity cut gives no date.
   */
  readonly room?: PickupRoom | undefined;
  /**
   * The carrier pickups left per day, read only when a transfer's carrier pickups were cut: its
   * held day then has none and the transfer leaves on the first later day with a pickup left
   * (and capacity). Absent: such a cut gives no date.
   */
  readonly pickupsLeft?: PickupsLeft | undefined;
}

export type PickupReplanReason = "STOCK_SHORT" | "CAPACITY_CUT" | "PICKUP_LIMIT_CUT";

export interface PickupReplan {
  /** The ready day now (never before the promised one); NO_DAY when none can be given. */
  readonly readyDay: Day;
  /** The cuts that explain it (empty: only the network can have moved it). */
  readonly cuts: readonly PickupReplanReason[];
}

/**
 * A confirmed pick-up planned again from what is true now, by the planner that made it
 * (planPickup: the store's open days, hours, overrides, holidays, closures, preparation and last
 * order; each transfer lane's cut-off, transit and carrier service with its calendar), from the
 * confirm instant, with the facts the risk monitor knows:
 *
 * - Each leg's units are where the promise reserved them (the store's own stock, or the transfer
 *   warehouse's), unless its stock was cut. Never earlier than promised: the store is not ready
 *   before the promised ready day, and no transfer leaves before its promised day.
 * - A transfer whose warehouse stock was cut, with an inbound lot covering it, waits for that lot
 *   (released after its receiving days, as a backorder transfer is planned at confirmation).
 * - A transfer whose carrier pickups were cut, with `pickupsLeft` given: it has no pickup on its
 *   held day and leaves on the first later day with one left, as planPickup moves it at
 *   confirmation.
 * - A capacity cut (the store's pick-ups on the ready day, or a transfer warehouse's orders on
 *   the day it leaves) with `room` given: that held day is full, and every other day from the
 *   held ones on has the room `room` gives (the promise holds no order there), so the pick-up is
 *   ready on the first later day with room, as planPickup moves a full day at confirmation.
 * - No date (NO_DAY) when a fact a new date needs is not known: the store's own stock cut (the
 *   units a transfer would bring are reserved for no one, so no date is promised from them), a
 *   transfer's stock cut with nothing inbound covering it, a capacity cut without `room`, or a
 *   carrier pickup limit cut without `pickupsLeft`.
 * - NO_DAY as well when the store, or the lane a transfer needs, is gone, or it cannot have the
 *   order ready within the planning limits.
 */
export function replanPickup(query: PickupReplanQuery): PickupReplan {
  const { net, legs } = query;
  const cuts = new Set<PickupReplanReason>();
  let known = true;
  for (const leg of legs) {
    const own = leg.warehouseId === query.storeId;
    if (leg.stockShort !== undefined) {
      cuts.add("STOCK_SHORT");
      if (own || leg.stockShort.coverEtaDay === undefined) known = false;
    }
    if (leg.capacityCut === true) {
      cuts.add("CAPACITY_CUT");
      if (query.room === undefined) known = false;
    }
    if (leg.pickupCut === true) {
      cuts.add("PICKUP_LIMIT_CUT");
      if (query.pickupsLeft === undefined) known = false;
    }
  }
  const reasons = [...cuts];
  const store = net.storeById.get(query.storeId);
  if (!known || store === undefined) return { readyDay: NO_DAY, cuts: reasons };

  // One line per leg (its position as the SKU index), where the promise holds it.
  const source: WarehouseIndex[] = [];
  for (const leg of legs) {
    const w =
      leg.warehouseId === store.id ? store.location : net.warehouseById.get(leg.warehouseId);
    if (w === undefined) return { readyDay: NO_DAY, cuts: reasons };
    source.push(w.index);
  }
  const lines: CartLineQuery[] = legs.map((_, k) => ({
    skuIndex: indexAt<SkuIndex>(k),
    quantity: 1,
  }));
  const stock: StockReader = {
    skuIndex: () => indexAt<SkuIndex>(-1),
    available: (sku, w) => (w === source[sku] && legs[sku]!.stockShort === undefined ? 1 : 0),
    inbound: (sku, w): readonly InboundLot[] => {
      const cover = legs[sku]?.stockShort?.coverEtaDay;
      return w === source[sku] && cover !== undefined ? [{ quantity: 1, etaDay: cover }] : [];
    },
  };
  // Never before the promised days: earlier days read as full. The promised (held) days have
  // this promise's order unless it was cut; other days have room, or (after a capacity cut,
  // with `room`) the room the caller gives.
  const floor = new Map<WarehouseIndex, Day>();
  const cut = new Set<WarehouseIndex>();
  floor.set(store.location.index, query.promisedReadyDay);
  legs.forEach((leg, k) => {
    if (leg.warehouseId !== store.id) floor.set(source[k]!, leg.shipDay);
    if (leg.capacityCut === true)
      cut.add(leg.warehouseId === store.id ? store.location.index : source[k]!);
  });
  const room = cut.size > 0 ? query.room : undefined;
  // A transfer whose carrier pickups were cut: its origin has none left on the held day, and the
  // pickups the caller gives on the others.
  const pickupCut = new Map<number, Day>();
  for (const leg of legs) {
    if (leg.pickupCut !== true) continue;
    const lane = store.transfers.find((t) => t.warehouse.id === leg.warehouseId);
    if (lane?.origin !== undefined) pickupCut.set(lane.origin.index, leg.shipDay);
  }
  const pickupsLeft = query.pickupsLeft;
  const capacity: CapacityReader = {
    remaining: (w, day) => {
      const held = floor.get(w) ?? day;
      if (day < held) return 0;
      if (day === held && floor.has(w)) return cut.has(w) ? 0 : Number.POSITIVE_INFINITY;
      return room === undefined ? Number.POSITIVE_INFINITY : room(net.warehouses[w]!.id, day);
    },
    remainingPickups: (o, day) => {
      const held = pickupCut.get(o);
      if (held === undefined || pickupsLeft === undefined) return Number.POSITIVE_INFINITY;
      if (day === held) return 0;
      const origin = net.origins[o]!;
      return pickupsLeft(origin.warehouse.id, origin.service.id, day);
    },
    expectedFullAtMs: () => undefined,
  };
  const option = planPickup(
    net,
    stock,
    capacity,
    store,
    { lines, atMs: query.confirmedAtMs },
    undefined,
  );
  return { readyDay: option === undefined ? NO_DAY : option.readyDay, cuts: reasons };
}

/**
 * What replanPickup reads of the confirm instant at a store, as a key: the store-local day and
 * which side of its last order instant the confirm falls, and the same for each transfer lane
 * (the warehouse-local day and the lane's cut-off). Pick-ups at one store with the same legs and
 * the same key are planned alike (the risk pass assesses them once).
 */
export function pickupOrderClass(net: CompiledNetwork, storeId: string, atMs: number): string {
  const store = net.storeById.get(storeId);
  if (store === undefined) return "x";
  const first = net.horizon.firstDay;
  const side = (day: Day, cutoffMs: Float64Array) =>
    day < 0 ? `${day}` : `${day}${atMs < cutoffMs[day - first]! ? "<" : ">"}`;
  let key = side(localDayOf(store.location, net.horizon, atMs), store.location.cutoffMs);
  for (const lane of store.transfers) {
    key += `|${side(localDayOf(lane.warehouse, net.horizon, atMs), lane.cutoffMs)}`;
  }
  return key;
}
