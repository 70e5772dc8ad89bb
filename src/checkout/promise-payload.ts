import type { CartOption } from "../engine/cart-quote.js";
import type { ServiceLevel } from "../engine/compiled-network.js";
import { formatIsoDay } from "../engine/day.js";
import type { SkuIndex } from "../engine/network-index.js";
import type { ReasonCode } from "../engine/shipping-option.js";

/** A cart line as the shopper asked for it. */
export interface PromiseLine {
  readonly sku: string;
  readonly quantity: number;
}

export interface PromiseDestination {
  readonly countryCode: string;
  readonly postalCode: string;
  readonly province: string;
}

export interface PromiseShipment {
  readonly warehouseId: string;
  readonly serviceId: string;
  /** Warehouse-local ISO date. */
  readonly shipDate: string;
  readonly deliveryEarliest: string;
  readonly deliveryLatest: string;
  readonly lines: readonly PromiseLine[];
  readonly priceCents: number;
  readonly backorder: boolean;
  /** The learned chance the window holds, when the option carried one (learned transit). */
  readonly onTimeProbability?: number;
}

export interface PromiseReason {
  readonly code: ReasonCode;
  readonly date?: string;
  readonly detail?: string;
  /** WAREHOUSE_BACKLOG: the orders still to ship first that day. */
  readonly count?: number;
}

/** What a pick-up promise says about the store (with the rest of PromisePayload). */
export interface PickupPayload {
  readonly storeId: string;
  readonly storeName: string;
  readonly address: string;
  readonly readyAtMs: number;
  /** Store-local ISO date. */
  readonly readyDate: string;
  readonly pickUpUntilMs: number;
  readonly transfer: boolean;
}

/**
 * What a confirmed promise says, stored as JSON with the promise. Dates are ISO strings so the
 * record stays meaningful whatever network is loaded later.
 */
export interface PromisePayload {
  readonly lines: readonly PromiseLine[];
  readonly destination: PromiseDestination;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly carrier: string;
  /** Absent for pick-up promises (see `pickup`). */
  readonly level?: ServiceLevel;
  readonly shipments: readonly PromiseShipment[];
  readonly deliveryEarliest: string;
  readonly deliveryLatest: string;
  readonly orderByMs: number;
  readonly priceCents: number;
  readonly currency: string;
  readonly reasons: readonly PromiseReason[];
  /** Pick-up promises: the store and when the order is ready (see pickup-payload.ts). */
  readonly pickup?: PickupPayload;
}

/** The payload of a promise for a cart option; `skuAt` names the SKU of a stock index. */
export function promisePayload(
  option: CartOption,
  lines: readonly PromiseLine[],
  destination: PromiseDestination,
  skuAt: (skuIndex: SkuIndex) => string,
): PromisePayload {
  return {
    lines,
    destination,
    serviceId: option.serviceId,
    serviceName: option.serviceName,
    carrier: option.carrier,
    level: option.level,
    shipments: option.shipments.map((s) => ({
      warehouseId: s.warehouseId,
      serviceId: s.serviceId,
      shipDate: formatIsoDay(s.shipDay),
      deliveryEarliest: formatIsoDay(s.earliestDay),
      deliveryLatest: formatIsoDay(s.latestDay),
      lines: s.lines.map((l) => ({ sku: skuAt(l.skuIndex), quantity: l.quantity })),
      priceCents: s.priceCents,
      backorder: s.backorder,
      ...(s.onTimeProbability === undefined ? {} : { onTimeProbability: s.onTimeProbability }),
    })),
    deliveryEarliest: formatIsoDay(option.earliestDay),
    deliveryLatest: formatIsoDay(option.latestDay),
    orderByMs: option.orderByMs,
    priceCents: option.priceCents,
    currency: option.currency,
    reasons: option.reasons.map((r) => ({
      code: r.code,
      ...(r.day === undefined ? {} : { date: formatIsoDay(r.day) }),
      ...(r.detail === undefined ? {} : { detail: r.detail }),
      ...(r.count === undefined ? {} : { count: r.count }),
    })),
  };
}
