import type { CompiledNetwork, CompiledOrigin } from "./compiled-network.js";
import { addDays, type Day, maxDay, minDay, NO_DAY } from "./day.js";
import { type Backorder, planShipment, type ShipmentContext } from "./plan-shipment.js";
import type { ShippingOption } from "./shipping-option.js";

/** How many later release days deliver-on tries before it settles. */
const MAX_LATER_RELEASES = 60;

/**
 * The delivery dates a shopper may choose for an option of a schedulable service: the days the
 * carrier delivers on from the option's latest date (reachable from its ship date, the earliest
 * feasible one) to the order's date plus the service's `schedule_days`. Empty when the service is
 * not schedulable.
 */
export function choosableDates(
  ctx: ShipmentContext,
  origin: CompiledOrigin,
  option: ShippingOption,
): Day[] {
  const service = origin.service;
  if (service.scheduleDays === 0) return [];
  const first = ctx.net.horizon.firstDay;
  const last = minDay(addDays(ctx.orderDay, service.scheduleDays), ctx.net.horizon.lastDay);
  const dates: Day[] = [];
  for (let day = maxDay(option.latestDay, addDays(ctx.orderDay, 1)); day <= last; day++) {
    if (service.deliveryDay[day - first] === 1) dates.push(day);
  }
  return dates;
}

/**
 * Deliver on `target`: the latest feasible ship date whose delivery window still ends by `target`
 * (shipping later keeps earlier days' capacity for orders that need it), planned by the engine's
 * own rules (cut-offs, handling, pickup days, capacity, transit) from later release days; its
 * window becomes `target` itself. Undefined when even the earliest option arrives after `target`
 * or the carrier does not deliver that day.
 */
export function deliverOn(
  ctx: ShipmentContext,
  origin: CompiledOrigin,
  backorder: Backorder | undefined,
  option: ShippingOption,
  target: Day,
): ShippingOption | undefined {
  const first = ctx.net.horizon.firstDay;
  if (origin.service.deliveryDay[target - first] !== 1 || option.latestDay > target) {
    return undefined;
  }
  const warehouse = origin.warehouse;
  let best = option;
  let release = option.releaseDay;
  for (let k = 0; k < MAX_LATER_RELEASES; k++) {
    release = warehouse.nextWorking[release + 1 - first] ?? NO_DAY;
    if (release < 0) break;
    const later = planShipment(ctx, origin, {
      minRelease: maxDay(release, backorder?.minRelease ?? release),
      coverDay: backorder?.coverDay ?? release,
    });
    if (later === undefined || later.latestDay > target) break;
    if (later.shipDay > best.shipDay) best = later;
    release = later.releaseDay;
  }
  // planShipment marks a forced release as inbound stock; only a real backorder says so.
  const reasons =
    backorder === undefined ? best.reasons.filter((r) => r.code !== "INBOUND_STOCK") : best.reasons;
  return {
    ...best,
    backorder: backorder !== undefined,
    reasons,
    earliestDay: target,
    latestDay: target,
  };
}

/**
 * The dates a cart option of a schedulable service may be delivered on: the service's delivery
 * days from the option's latest date (and after the order's date) to the order's date plus
 * `schedule_days`; `orderDay` is the earliest warehouse-local date of the order.
 */
export function cartChoosableDates(
  net: CompiledNetwork,
  serviceId: string,
  latestDay: Day,
  orderDay: Day,
): Day[] {
  const service = net.serviceById.get(serviceId);
  if (service === undefined || service.scheduleDays === 0) return [];
  const first = net.horizon.firstDay;
  const last = minDay(addDays(orderDay, service.scheduleDays), net.horizon.lastDay);
  const dates: Day[] = [];
  for (let day = maxDay(latestDay, addDays(orderDay, 1)); day <= last; day++) {
    if (service.deliveryDay[day - first] === 1) dates.push(day);
  }
  return dates;
}
