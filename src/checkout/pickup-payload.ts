import { formatIsoDay } from "../engine/day.js";
import type { SkuIndex } from "../engine/network-index.js";
import { PICKUP_SERVICE, type PickupOption } from "../engine/pickup-options.js";
import type {
  PickupPayload,
  PromiseDestination,
  PromiseLine,
  PromisePayload,
  PromiseShipment,
} from "./promise-payload.js";

/**
 * The payload of a pick-up promise. Its shipments are the stock movements: one from the store's
 * own stock (ship date = delivery dates = the ready date), and one per transfer lane (ship date =
 * the day it leaves the warehouse); their `serviceId` is `pickup`. The store's price is on the
 * first shipment.
 */
export function pickupPromisePayload(
  option: PickupOption,
  address: string,
  lines: readonly PromiseLine[],
  destination: PromiseDestination,
  skuAt: (skuIndex: SkuIndex) => string,
): PromisePayload & { readonly pickup: PickupPayload } {
  const ready = formatIsoDay(option.readyDay);
  const shipments: PromiseShipment[] = option.sources.map((source, i) => ({
    warehouseId: source.warehouseId,
    serviceId: PICKUP_SERVICE,
    shipDate: source.departDay === undefined ? ready : formatIsoDay(source.departDay),
    deliveryEarliest: ready,
    deliveryLatest: ready,
    lines: source.lines.map((l) => ({ sku: skuAt(l.skuIndex), quantity: l.quantity })),
    priceCents: i === 0 ? option.priceCents : 0,
    backorder: source.backorder,
  }));
  return {
    lines,
    destination,
    serviceId: "",
    serviceName: option.storeName,
    carrier: "",
    shipments,
    deliveryEarliest: ready,
    deliveryLatest: ready,
    orderByMs: option.orderByMs,
    priceCents: option.priceCents,
    currency: option.currency,
    reasons: option.reasons.map((r) => ({
      code: r.code,
      ...(r.day === undefined ? {} : { date: formatIsoDay(r.day) }),
      ...(r.detail === undefined ? {} : { detail: r.detail }),
    })),
    pickup: {
      storeId: option.storeId,
      storeName: option.storeName,
      address,
      readyAtMs: option.readyAtMs,
      readyDate: ready,
      pickUpUntilMs: option.pickUpUntilMs,
      transfer: option.transfer,
    },
  };
}
