import { advanceDelivery } from "./advance-delivery.js";
import type { CompiledNetwork, CompiledOrigin, CompiledZone } from "./compiled-network.js";
import { type Day, maxDay, NO_DAY, utcDayOf } from "./day.js";
import { localDayOf } from "./local-day.js";
import { PICKUP_SERVICE } from "./pickup-options.js";
import { type Backorder, planShipment } from "./plan-shipment.js";
import { type PickupRoom, type PickupsLeft, replanPickup } from "./replan-pickup.js";
import type { CapacityReader } from "./stock-reader.js";

export const RISK_STATUSES = ["ON_TRACK", "AT_RISK", "LATE", "KEPT", "BROKEN"] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

export const RISK_REASONS = [
  "STOCK_SHORT",
  "CAPACITY_CUT",
  "PICKUP_LIMIT_CUT",
  "NETWORK_CHANGED",
  "NOT_SHIPPED_ON_TIME",
  "SHIPPED_LATE",
  "CARRIER_DELAY",
] as const;
export type RiskReason = (typeof RISK_REASONS)[number];

/** One shipment of a confirmed promise: what was promised and what is true of it now. */
export interface RiskShipment {
  readonly warehouseId: string;
  readonly serviceId: string;
  /** The promised ship date and window (warehouse-local days). */
  readonly shipDay: Day;
  readonly earliestDay: Day;
  readonly latestDay: Day;
  /**
   * Set when the stock it reserved is no longer there (a stock cut, newest promises first):
   * `coverEtaDay` is the ETA of the inbound lot that covers it, undefined when nothing does.
   */
  readonly stockShort?: { readonly coverEtaDay: Day | undefined } | undefined;
  /** Its ship date's capacity was cut below what is booked and this promise is beyond it. */
  readonly capacityCut?: boolean | undefined;
  /** Its service's pickup limit on the ship date was cut and this promise is beyond it. */
  readonly pickupCut?: boolean | undefined;
  /** The warehouse-local day of its SHIPPED event, if it shipped. */
  readonly shippedDay?: Day | undefined;
  /** The day it was delivered, if it was. */
  readonly deliveredDay?: Day | undefined;
  /** The day of a failed delivery attempt (not followed by a delivery). */
  readonly deliveryFailedDay?: Day | undefined;
}

export interface RiskQuery {
  readonly net: CompiledNetwork;
  /** The destination's zone in `net` (undefined: the network no longer serves it). */
  readonly zone: CompiledZone | undefined;
  /** Now (UTC ms). */
  readonly atMs: number;
  /** When the promise was confirmed (UTC ms). */
  readonly confirmedAtMs: number;
  readonly promisedEarliestDay: Day;
  readonly promisedLatestDay: Day;
  readonly shipments: readonly RiskShipment[];
  /** Minutes after the ship date's cut-off before an unshipped shipment is NOT_SHIPPED_ON_TIME. */
  readonly shipGraceMinutes: number;
  /**
   * A pick-up promise's store (its shipments, `serviceId` "pickup", are the stock movements from
   * the store's own stock and the transfer warehouses). Absent: the shipment from a store's own
   * stock names it; a transfer-only pick-up without it is not re-planned.
   */
  readonly pickupStoreId?: string | undefined;
  /**
   * A pick-up's room per day (a store's pick-ups, a transfer warehouse's orders), read when its
   * store's pick-up capacity or its transfer warehouse's capacity was cut: it is then expected
   * on the first later day with room (replanPickup). Absent: such a cut gives no date.
   */
  readonly pickupRoom?: PickupRoom | undefined;
  /**
   * Carrier pickups left per day, read when a pick-up's transfer had its carrier pickups cut: it
   * then leaves on the first later day with one left (replanPickup). Absent: no date.
   */
  readonly pickupsLeft?: PickupsLeft | undefined;
  /** The risk the promise had: `since` is kept while the status does not change. */
  readonly previous?: { readonly status: RiskStatus; readonly sinceMs: number } | undefined;
}

export interface Risk {
  readonly status: RiskStatus;
  /** Why it is not ON_TRACK (empty when ON_TRACK), in RISK_REASONS order. */
  readonly reasons: readonly RiskReason[];
  /** The honest window now (delivered: the delivery day); -1 when no date can be given. */
  readonly expectedEarliestDay: Day;
  readonly expectedLatestDay: Day;
  /** Since when the status holds (UTC ms). */
  readonly sinceMs: number;
}

interface ShipmentOutlook {
  readonly earliest: Day;
  readonly latest: Day;
  readonly delivered: boolean;
}

/**
 * The risk of a confirmed promise: each shipment's window re-computed with the engine's own rules
 * (planShipment) from what is true now, compared with what was promised.
 *
 * - Not shipped: the ship date is planned again from the order instant (the confirm, or now once
 *   the ship date's cut-off plus the grace has passed: NOT_SHIPPED_ON_TIME), never before the
 *   promised ship date unless the shipment is late anyway, with the promised ship date blocked
 *   when its capacity (CAPACITY_CUT) or pickup limit (PICKUP_LIMIT_CUT) was cut, and released no
 *   earlier than the covering inbound lot allows when its stock is short (STOCK_SHORT). A window
 *   later than promised with none of those causes is NETWORK_CHANGED.
 * - Shipped: the window from the actual ship day over the lane's transit (SHIPPED_LATE when it
 *   left after its ship date); a failed delivery pushes it to the carrier's next delivery day
 *   after the attempt (CARRIER_DELAY).
 * - Delivered: KEPT when every shipment arrived by the promised latest date, else BROKEN.
 * - A pick-up not yet collected: planned again as a whole at its store (replanPickup, with
 *   pickup-options' own planner); its window is the new ready day (pickupOutlookOf).
 *
 * AT_RISK: the re-computed latest date is after the promised latest (or no date can be given);
 * LATE: the promised latest date has passed (warehouse-local) and it is not delivered.
 */
export function assessRisk(query: RiskQuery): Risk {
  const reasons = new Set<RiskReason>();
  const pickup = pickupOutlookOf(query, reasons);
  const outlooks = query.shipments.map((s) =>
    pickup !== undefined && s.serviceId === PICKUP_SERVICE ? pickup : outlookOf(query, s, reasons),
  );
  let earliest = NO_DAY;
  let latest = NO_DAY;
  let unknown = false;
  for (const o of outlooks) {
    if (o.latest < 0) unknown = true;
    earliest = maxDay(earliest, o.earliest);
    latest = maxDay(latest, o.latest);
  }
  if (unknown) {
    earliest = NO_DAY;
    latest = NO_DAY;
  }
  let status: RiskStatus;
  if (outlooks.length > 0 && outlooks.every((o) => o.delivered)) {
    status = latest <= query.promisedLatestDay ? "KEPT" : "BROKEN";
  } else if (todayOf(query) > query.promisedLatestDay) {
    status = "LATE";
  } else if (unknown || latest > query.promisedLatestDay) {
    status = "AT_RISK";
  } else {
    status = "ON_TRACK";
  }
  const sinceMs =
    query.previous !== undefined && query.previous.status === status
      ? query.previous.sinceMs
      : query.atMs;
  return {
    status,
    reasons:
      status === "ON_TRACK" || status === "KEPT" ? [] : RISK_REASONS.filter((r) => reasons.has(r)),
    expectedEarliestDay: earliest,
    expectedLatestDay: latest,
    sinceMs,
  };
}

/**
 * A pick-up not yet collected, re-planned as a whole (replanPickup) from the confirm instant: its
 * ready day is the window. Later than promised with no cut to explain it: NETWORK_CHANGED (a
 * store's hours, holidays or closures, a lane's cut-off or transit, the transfer warehouse's
 * working days or its carrier's calendar); no day can be given: the cut, or NETWORK_CHANGED.
 * Undefined (each shipment on its own) when it has no pick-up shipment, one has tracking, or its
 * store is not known.
 */
function pickupOutlookOf(query: RiskQuery, reasons: Set<RiskReason>): ShipmentOutlook | undefined {
  const legs = query.shipments.filter((s) => s.serviceId === PICKUP_SERVICE);
  if (legs.length === 0) return undefined;
  if (legs.some((s) => s.shippedDay !== undefined || s.deliveredDay !== undefined)) {
    return undefined;
  }
  const storeId =
    query.pickupStoreId ?? legs.find((s) => query.net.storeById.has(s.warehouseId))?.warehouseId;
  if (storeId === undefined) return undefined;
  let promisedReadyDay = NO_DAY;
  for (const s of legs) promisedReadyDay = maxDay(promisedReadyDay, s.latestDay);
  const plan = replanPickup({
    net: query.net,
    storeId,
    confirmedAtMs: query.confirmedAtMs,
    promisedReadyDay,
    legs,
    room: query.pickupRoom,
    pickupsLeft: query.pickupsLeft,
  });
  for (const cut of plan.cuts) reasons.add(cut);
  if (plan.readyDay < 0) {
    if (plan.cuts.length === 0) reasons.add("NETWORK_CHANGED");
    return { earliest: NO_DAY, latest: NO_DAY, delivered: false };
  }
  if (plan.readyDay > promisedReadyDay && plan.cuts.length === 0) reasons.add("NETWORK_CHANGED");
  return { earliest: plan.readyDay, latest: plan.readyDay, delivered: false };
}

/** The warehouse-local date now at the first shipment's warehouse (UTC date when unknown). */
function todayOf(query: RiskQuery): Day {
  const first = query.shipments[0];
  const warehouse =
    first === undefined ? undefined : query.net.warehouseById.get(first.warehouseId);
  if (warehouse !== undefined) {
    const day = localDayOf(warehouse, query.net.horizon, query.atMs);
    if (day >= 0) return day;
  }
  return utcDayOf(query.atMs);
}

function originOf(net: CompiledNetwork, s: RiskShipment): CompiledOrigin | undefined {
  const warehouse = net.warehouseById.get(s.warehouseId);
  if (warehouse === undefined) return undefined;
  return net.originsByWarehouse[warehouse.index]?.find((o) => o.service.id === s.serviceId);
}

function outlookOf(query: RiskQuery, s: RiskShipment, reasons: Set<RiskReason>): ShipmentOutlook {
  if (s.deliveredDay !== undefined) {
    if (s.shippedDay !== undefined && s.shippedDay > s.shipDay) reasons.add("SHIPPED_LATE");
    if (s.deliveredDay > s.latestDay) reasons.add("CARRIER_DELAY");
    return { earliest: s.deliveredDay, latest: s.deliveredDay, delivered: true };
  }
  if (s.serviceId === PICKUP_SERVICE) {
    // A pick-up shipment not re-planned as a whole (pickupOutlookOf: tracking, or no known
    // store): its promised ready date stands while nothing it holds was cut; when something was,
    // that date can no longer be given: AT_RISK, with the cut named.
    let cut = false;
    if (s.stockShort !== undefined) {
      reasons.add("STOCK_SHORT");
      cut = true;
    }
    if (s.capacityCut === true) {
      reasons.add("CAPACITY_CUT");
      cut = true;
    }
    if (s.pickupCut === true) {
      reasons.add("PICKUP_LIMIT_CUT");
      cut = true;
    }
    if (cut) return { earliest: NO_DAY, latest: NO_DAY, delivered: false };
    return { earliest: s.earliestDay, latest: s.latestDay, delivered: false };
  }
  const { net } = query;
  const origin = originOf(net, s);
  const zone = query.zone;
  const transit = origin === undefined || zone === undefined ? undefined : origin.lanes[zone.index];
  if (origin === undefined || zone === undefined || transit === undefined) {
    reasons.add("NETWORK_CHANGED");
    return { earliest: NO_DAY, latest: NO_DAY, delivered: false };
  }
  const first = net.horizon.firstDay;
  const today = localDayOf(origin.warehouse, net.horizon, query.atMs);

  if (s.shippedDay !== undefined) {
    if (s.shippedDay > s.shipDay) reasons.add("SHIPPED_LATE");
    const extra = zone.extraTransitDays;
    let earliest = advanceDelivery(origin.service, net.horizon, s.shippedDay, transit.min + extra);
    let latest = advanceDelivery(origin.service, net.horizon, s.shippedDay, transit.max + extra);
    if (s.deliveryFailedDay !== undefined) {
      reasons.add("CARRIER_DELAY");
      // The next attempt: the carrier's next delivery day after the failed one.
      const retry = advanceDelivery(origin.service, net.horizon, s.deliveryFailedDay, 1);
      earliest = retry;
      latest = maxDay(latest, retry);
    } else if (today >= 0 && latest >= 0 && latest < today) {
      // Not delivered by its expected latest day: the carrier is late; today at the earliest.
      reasons.add("CARRIER_DELAY");
      const next = nextDeliveryDay(origin, net, today);
      earliest = next;
      latest = next;
    }
    if (earliest < 0 || latest < 0) return { earliest: NO_DAY, latest: NO_DAY, delivered: false };
    return { earliest, latest, delivered: false };
  }

  // Not shipped yet: has the ship date's cut-off (plus the grace) passed?
  const shipIndex = s.shipDay - first;
  const cutoff =
    shipIndex >= 0 && shipIndex < net.horizon.length
      ? origin.warehouse.cutoffMs[shipIndex]!
      : Number.NaN;
  const deadline = Number.isNaN(cutoff)
    ? origin.warehouse.midnightMs[Math.min(Math.max(shipIndex + 1, 0), net.horizon.length)]!
    : cutoff;
  const late = query.atMs > deadline + query.shipGraceMinutes * 60_000;
  if (late) reasons.add("NOT_SHIPPED_ON_TIME");

  const orderAtMs = late
    ? query.atMs
    : Math.max(query.confirmedAtMs, origin.warehouse.midnightMs[0]!);
  const orderDay = localDayOf(origin.warehouse, net.horizon, orderAtMs);
  if (orderDay < 0) {
    reasons.add("NETWORK_CHANGED");
    return { earliest: NO_DAY, latest: NO_DAY, delivered: false };
  }
  const floor = late ? -1 : s.shipDay;
  const capacity: CapacityReader = {
    remaining: (_w, day) =>
      day < floor || (s.capacityCut === true && day === s.shipDay) ? 0 : Infinity,
    remainingPickups: (_o, day) => (s.pickupCut === true && day === s.shipDay ? 0 : Infinity),
    expectedFullAtMs: () => undefined,
  };
  let backorder: Backorder | undefined;
  if (s.stockShort !== undefined) {
    reasons.add("STOCK_SHORT");
    const cover = s.stockShort.coverEtaDay;
    if (cover === undefined) return { earliest: NO_DAY, latest: NO_DAY, delivered: false };
    backorder = releaseAfter(net, origin, cover < orderDay ? orderDay : cover);
    if (backorder === undefined) return { earliest: NO_DAY, latest: NO_DAY, delivered: false };
  }
  if (s.capacityCut === true) reasons.add("CAPACITY_CUT");
  if (s.pickupCut === true) reasons.add("PICKUP_LIMIT_CUT");
  const option = planShipment(
    { net, capacity, zone, atMs: orderAtMs, orderDay },
    origin,
    backorder,
  );
  if (option === undefined) {
    if (!late && s.stockShort === undefined && s.capacityCut !== true && s.pickupCut !== true) {
      reasons.add("NETWORK_CHANGED");
    }
    return { earliest: NO_DAY, latest: NO_DAY, delivered: false };
  }
  if (
    option.latestDay > s.latestDay &&
    !late &&
    s.stockShort === undefined &&
    s.capacityCut !== true &&
    s.pickupCut !== true
  ) {
    reasons.add("NETWORK_CHANGED");
  } else if (option.latestDay > s.latestDay && option.shipDay === s.shipDay && !late) {
    // The ship date held but the delivery moved: the carrier's calendar or transit changed.
    reasons.add("NETWORK_CHANGED");
  }
  return { earliest: option.earliestDay, latest: option.latestDay, delivered: false };
}

/** The carrier's first delivery day on or after `day` (-1 outside the horizon). */
function nextDeliveryDay(origin: CompiledOrigin, net: CompiledNetwork, day: Day): Day {
  const i = day - net.horizon.firstDay;
  if (origin.service.deliveryDay[i] === 1) return day;
  return advanceDelivery(origin.service, net.horizon, day, 1);
}

/** The backorder release: the first working day on or after `coverDay` plus the receiving days. */
function releaseAfter(
  net: CompiledNetwork,
  origin: CompiledOrigin,
  coverDay: Day,
): Backorder | undefined {
  const first = net.horizon.firstDay;
  if (coverDay > net.horizon.lastDay) return undefined;
  const warehouse = origin.warehouse;
  let release = warehouse.nextWorking[coverDay - first]!;
  for (let left = warehouse.receivingDays; left > 0 && release >= 0; left--) {
    release =
      release + 1 > net.horizon.lastDay ? NO_DAY : warehouse.nextWorking[release + 1 - first]!;
  }
  return release < 0 ? undefined : { minRelease: release, coverDay };
}
