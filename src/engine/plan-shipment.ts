import { advanceDelivery } from "./advance-delivery.js";
import type { CartValue } from "./cart-value.js";
import type { CompiledNetwork, CompiledOrigin, CompiledZone } from "./compiled-network.js";
import { addDays, type Day } from "./day.js";
import { laneHistory, shareWithin } from "./learned-transit.js";
import type { Confidence, Reason, ShippingOption, TransitSource } from "./shipping-option.js";
import type { CapacityReader } from "./stock-reader.js";

/** How far capacity may push a ship date before the option is dropped. */
const MAX_CAPACITY_SKIPS = 60;

export interface ShipmentContext {
  readonly net: CompiledNetwork;
  readonly capacity: CapacityReader;
  readonly zone: CompiledZone;
  readonly atMs: number;
  /** The warehouse-local date of atMs at the origin's warehouse. */
  readonly orderDay: Day;
  readonly cartValue?: CartValue | undefined;
  /** Default STANDARD. */
  readonly confidence?: Confidence | undefined;
  /** Deliver on this date (schedulable services; see deliver-on.ts); quoteCart only. */
  readonly deliverOn?: Day | undefined;
}

export interface Backorder {
  /** The first release date the inbound stock allows (a working day). */
  readonly minRelease: Day;
  /** The date the covering inbound lot arrives (today when its ETA has passed). */
  readonly coverDay: Day;
}

/**
 * The option of one origin (a service at a warehouse) for an order at ctx.atMs, following the
 * rules of the engine exactly: release date from the cut-off, ship date after handling and pickup
 * days, capacity, delivery window from transit in delivery days, order_by, price and reasons.
 * Undefined when the origin has no lane to the zone, or the option cannot be kept (a same-day
 * service that cannot deliver today, dates outside the horizon).
 */
export function planShipment(
  ctx: ShipmentContext,
  origin: CompiledOrigin,
  backorder?: Backorder,
): ShippingOption | undefined {
  const transit = origin.lanes[ctx.zone.index];
  if (transit === undefined) return undefined;
  const { net, zone, atMs, orderDay } = ctx;
  const first = net.horizon.firstDay;
  const warehouse = origin.warehouse;
  const service = origin.service;
  const reasons: Reason[] = [];

  // 1-2. Release date: today if it is a working day and the order beats its cut-off.
  const i0 = orderDay - first;
  let release: Day;
  if (warehouse.working[i0] === 1 && atMs < origin.cutoffMs[i0]!) {
    release = orderDay;
  } else {
    if (warehouse.working[i0] === 1) reasons.push({ code: "AFTER_CUTOFF", day: orderDay });
    release = warehouse.nextWorking[i0 + 1]!;
    if (release < 0) return undefined;
  }
  if (backorder !== undefined && backorder.minRelease > release) {
    release = backorder.minRelease;
  }
  if (backorder !== undefined) reasons.push({ code: "INBOUND_STOCK", day: backorder.coverDay });

  // 3. Ship date, skipping ship dates whose capacity (or peak pickup limit) is used up.
  let ship = origin.shipOf[release - first]!;
  for (let skips = 0; ; skips++) {
    if (ship < 0 || skips > MAX_CAPACITY_SKIPS) return undefined;
    if (
      ctx.capacity.remaining(warehouse.index, ship) >= 1 &&
      ctx.capacity.remainingPickups(origin.index, ship) >= 1
    ) {
      break;
    }
    const ahead = ctx.capacity.backlog?.(warehouse.index, ship) ?? 0;
    if (ahead > 0) {
      reasons.push({
        code: "WAREHOUSE_BACKLOG",
        day: ship,
        detail: `${groupThousands(ahead)} orders still to ship`,
        count: ahead,
      });
    } else {
      reasons.push({ code: "CAPACITY_FULL", day: ship });
    }
    const next = warehouse.nextWorking[origin.lastReleaseFor[ship - first]! - first + 1]!;
    if (next < 0) return undefined;
    release = next;
    ship = origin.shipOf[release - first]!;
  }
  explainShipDelay(ctx, origin, orderDay, release, ship, reasons);

  // 4. Delivery window.
  const peakExtra = service.peakExtraDays[ship - first]!;
  const peakWiden = service.peakWidenDays[ship - first]!;
  let earliest: Day;
  let latest: Day;
  let transitSource: TransitSource = "NETWORK_FILE";
  let onTimeProbability: number | undefined;
  if (service.level === "same_day") {
    const extra = zone.extraTransitDays + peakExtra;
    if (ship !== orderDay || extra > 0 || service.deliveryDay[ship - first] !== 1) return undefined;
    earliest = ship;
    latest = ship;
  } else {
    // Learned lanes: the quantiles of past transit to this zone (remoteness included); other
    // lanes: the file's min/max plus the zone's extra days. Peak buffers add on top either way.
    const history =
      net.learned === undefined
        ? undefined
        : laneHistory(net.learned, origin.index, zone.index, service.peakNames.has(ship));
    let min = transit.min + zone.extraTransitDays;
    let max = transit.max + zone.extraTransitDays;
    if (history?.learned === true) {
      min = history.earliest;
      max = ctx.confidence === "HIGH" ? history.high : history.latest;
      transitSource = "LEARNED";
    }
    earliest = advanceDelivery(service, net.horizon, ship, min + peakExtra);
    latest = advanceDelivery(service, net.horizon, ship, max + peakExtra + peakWiden);
    if (earliest < 0 || latest < 0) return undefined;
    if (history !== undefined) {
      onTimeProbability = shareWithin(history, max + peakExtra + peakWiden);
    }
    if (transitSource === "LEARNED") {
      reasons.push({ code: "LEARNED_TRANSIT", detail: history!.detail });
    }
    explainDeliveryDays(ctx, origin, ship, latest, reasons);
    if (peakExtra > 0 || peakWiden > 0) {
      reasons.push({ code: "PEAK_BUFFER", day: ship, detail: service.peakNames.get(ship) ?? "" });
    }
  }

  // 5. order_by: the cut-off on the last release date that still ships on `ship`.
  let orderByMs = origin.cutoffMs[origin.lastReleaseFor[ship - first]! - first]!;
  const fullAt = ctx.capacity.expectedFullAtMs(warehouse.index, ship);
  if (fullAt !== undefined && fullAt > atMs && fullAt < orderByMs) orderByMs = fullAt;

  // Price.
  const price = service.price;
  let priceCents = price.amountCents;
  const cartValue = ctx.cartValue;
  if (
    price.freeOverCents !== undefined &&
    cartValue !== undefined &&
    cartValue.currency === price.currency &&
    cartValue.cents >= price.freeOverCents
  ) {
    priceCents = 0;
    reasons.push({ code: "FREE_SHIPPING" });
  }
  if (zone.remote) {
    if (zone.surchargeCurrency === undefined || zone.surchargeCurrency === price.currency) {
      priceCents += zone.surchargeCents;
    }
    reasons.push({ code: "REMOTE_AREA", detail: zone.id });
  }

  return {
    originIndex: origin.index,
    serviceId: service.id,
    serviceName: service.name,
    carrier: service.carrier.name,
    level: service.level,
    warehouseId: warehouse.id,
    warehouseIndex: warehouse.index,
    releaseDay: release,
    shipDay: ship,
    earliestDay: earliest,
    latestDay: latest,
    orderByMs,
    priceCents,
    currency: price.currency,
    backorder: backorder !== undefined,
    reasons,
    onTimeProbability,
    transitSource,
    fastest: false,
    cheapest: false,
  };
}

/** 1240 -> "1,240" (no locale: the same text on every machine). */
function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Reasons for the days between the order and the ship date: warehouse holidays, closures and weekly
 * days off, and, once handling is done, the days the carrier does not pick up.
 */
function explainShipDelay(
  ctx: ShipmentContext,
  origin: CompiledOrigin,
  orderDay: Day,
  release: Day,
  ship: Day,
  reasons: Reason[],
): void {
  const first = ctx.net.horizon.firstDay;
  const warehouse = origin.warehouse;
  for (let day = orderDay; day < ship; day++) {
    if (warehouse.working[day - first] !== 1) {
      // A non-working day with no note is one of the warehouse's weekly days off.
      const note = warehouse.notes.get(day);
      if (note !== undefined) reasons.push({ code: note.code, day, detail: note.name });
      else reasons.push({ code: "WAREHOUSE_DAY_OFF", day });
    }
  }
  // The day handling ends: release advanced by the handling days in working days.
  let handled = release;
  for (let left = origin.handlingDays; left > 0 && handled < ship; ) {
    handled++;
    if (warehouse.working[handled - first] === 1) left--;
  }
  const service = origin.service;
  for (let day = handled; day < ship; day++) {
    const i = day - first;
    if (warehouse.working[i] !== 1 || service.pickupDay[i] === 1) continue;
    const note = service.carrier.dayOff[i] === 1 ? service.carrier.notes.get(day) : undefined;
    if (note !== undefined) reasons.push({ code: "CARRIER_CLOSED", day, detail: note.name });
    else reasons.push({ code: "NO_PICKUP_DAY", day });
  }
}

/** Reasons for the days in transit on which the carrier does not deliver. */
function explainDeliveryDays(
  ctx: ShipmentContext,
  origin: CompiledOrigin,
  ship: Day,
  latest: Day,
  reasons: Reason[],
): void {
  const first = ctx.net.horizon.firstDay;
  const service = origin.service;
  for (let day = addDays(ship, 1); day < latest; day++) {
    const i = day - first;
    if (service.deliveryDay[i] === 1) continue;
    const note = service.carrier.dayOff[i] === 1 ? service.carrier.notes.get(day) : undefined;
    if (note !== undefined) reasons.push({ code: "CARRIER_CLOSED", day, detail: note.name });
    else reasons.push({ code: "NON_DELIVERY_DAY", day });
  }
}
