import type { PromisePayload } from "../checkout/promise-payload.js";
import type { Day } from "../engine/day.js";
import type { CartQuote, CartOption as EngineCartOption } from "../engine/quote-cart.js";
import type { StoredPromise } from "../store/store.js";
import type { LocaleLabels } from "./delivery-labels.js";
import {
  isoDate,
  markDominated,
  PROTO_AVAILABILITY,
  PROTO_LEVEL,
  toProtoReason,
} from "./estimate-to-proto.js";
import type { CartOption } from "./generated/promise/v1/CartOption.js";
import type { DeliveryPromise } from "./generated/promise/v1/DeliveryPromise.js";
import type { PromiseStatus } from "./generated/promise/v1/PromiseStatus.js";
import type { QuoteCartResponse } from "./generated/promise/v1/QuoteCartResponse.js";
import { moneyFromCents, msToTimestamp } from "./request-fields.js";

/**
 * A cart quote as a QuoteCartResponse; `skuAt` names the SKU of a stock index in the quote, `today`
 * is the order's day (for the year in delivery labels).
 */
export function toProtoQuote(
  quote: CartQuote,
  skuAt: (skuIndex: number) => string,
  labels: LocaleLabels,
  today?: Day,
): QuoteCartResponse {
  return {
    availability: PROTO_AVAILABILITY[quote.availability],
    options: quote.options.map((option) => cartOptionToProto(option, skuAt, labels, today)),
  };
}

function cartOptionToProto(
  option: EngineCartOption,
  skuAt: (skuIndex: number) => string,
  labels: LocaleLabels,
  today?: Day,
): CartOption {
  const proto: CartOption = {
    serviceId: option.serviceId,
    serviceName: option.serviceName,
    carrier: option.carrier,
    level: PROTO_LEVEL[option.level],
    deliveryEarliest: isoDate(option.earliestDay),
    deliveryLatest: isoDate(option.latestDay),
    orderBy: msToTimestamp(option.orderByMs),
    price: moneyFromCents(option.currency, option.priceCents),
    shipments: option.shipments.map((s) => ({
      warehouseId: s.warehouseId,
      serviceId: s.serviceId,
      shipDate: isoDate(s.shipDay),
      deliveryEarliest: isoDate(s.earliestDay),
      deliveryLatest: isoDate(s.latestDay),
      lines: s.lines.map((l) => ({ sku: skuAt(l.skuIndex), quantity: l.quantity })),
      price: moneyFromCents(option.currency, s.priceCents),
      availability: s.backorder ? "AVAILABILITY_BACKORDER" : "AVAILABILITY_IN_STOCK",
      ...(s.onTimeProbability === undefined ? {} : { onTimeProbability: s.onTimeProbability }),
    })),
    reasons: option.reasons.map((r) => toProtoReason(r, labels)),
    fastest: option.fastest,
    cheapest: option.cheapest,
    deliveryLabel: labels.window(option.earliestDay, option.latestDay, today),
    ...(option.onTimeProbability === undefined
      ? {}
      : { onTimeProbability: option.onTimeProbability }),
  };
  if (option.dominatedBy !== undefined) markDominated(proto, option.dominatedBy, labels);
  if (option.deliverOnDates !== undefined) {
    proto.deliverOnDates = option.deliverOnDates.map(isoDate);
  }
  if (option.asAvailable !== undefined) {
    proto.asAvailable = cartOptionToProto(option.asAvailable, skuAt, labels, today);
  }
  return proto;
}

const PROTO_STATUS: Readonly<Record<StoredPromise["status"], PromiseStatus>> = {
  confirmed: "PROMISE_STATUS_CONFIRMED",
  cancelled: "PROMISE_STATUS_CANCELLED",
  fulfilled: "PROMISE_STATUS_FULFILLED",
  delivered: "PROMISE_STATUS_DELIVERED",
};

/** A stored promise as a DeliveryPromise. */
export function toProtoPromise(stored: StoredPromise): DeliveryPromise {
  const p = stored.payload as PromisePayload;
  return {
    id: stored.id,
    status: PROTO_STATUS[stored.status],
    idempotencyKey: stored.idempotencyKey,
    lines: p.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    destination: p.destination,
    serviceId: p.serviceId,
    carrier: p.carrier,
    level: p.level === undefined ? "SERVICE_LEVEL_UNSPECIFIED" : PROTO_LEVEL[p.level],
    shipments: p.shipments.map((s) => ({
      warehouseId: s.warehouseId,
      serviceId: s.serviceId,
      shipDate: s.shipDate,
      deliveryEarliest: s.deliveryEarliest,
      deliveryLatest: s.deliveryLatest,
      lines: s.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      price: moneyFromCents(p.currency, s.priceCents),
      availability: s.backorder ? "AVAILABILITY_BACKORDER" : "AVAILABILITY_IN_STOCK",
      ...(s.onTimeProbability === undefined ? {} : { onTimeProbability: s.onTimeProbability }),
    })),
    deliveryEarliest: p.deliveryEarliest,
    deliveryLatest: p.deliveryLatest,
    orderBy: msToTimestamp(p.orderByMs),
    price: moneyFromCents(p.currency, p.priceCents),
    reasons: p.reasons.map((r) => ({ code: r.code, date: r.date ?? "", detail: r.detail ?? "" })),
    createdAt: msToTimestamp(stored.createdAtMs),
    cancelledAt: stored.cancelledAtMs === null ? null : msToTimestamp(stored.cancelledAtMs),
    fulfilledAt: stored.fulfilledAtMs === null ? null : msToTimestamp(stored.fulfilledAtMs),
    ...(p.pickup === undefined
      ? {}
      : {
          pickup: {
            storeId: p.pickup.storeId,
            storeName: p.pickup.storeName,
            address: p.pickup.address,
            readyAt: msToTimestamp(p.pickup.readyAtMs),
            readyDate: p.pickup.readyDate,
            orderBy: msToTimestamp(p.orderByMs),
            pickUpUntil: msToTimestamp(p.pickup.pickUpUntilMs),
            price: moneyFromCents(p.currency, p.priceCents),
            reasons: p.reasons.map((r) => ({
              code: r.code,
              date: r.date ?? "",
              detail: r.detail ?? "",
            })),
            transfer: p.pickup.transfer,
          },
        }),
  };
}
