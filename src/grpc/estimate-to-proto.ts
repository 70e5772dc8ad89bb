import type { ServiceLevel } from "../engine/compiled-network.js";
import { type Day, formatIsoDay } from "../engine/day.js";
import type { DominatingOption } from "../engine/dominated-options.js";
import type {
  Availability,
  EstimateResult,
  Reason,
  ShippingOption,
  TransitSource,
} from "../engine/shipping-option.js";
import type { LocaleLabels } from "./delivery-labels.js";
import type { Availability__Output } from "./generated/promise/v1/Availability.js";
import type { EstimateResponse } from "./generated/promise/v1/EstimateResponse.js";
import type { Reason as ProtoReason } from "./generated/promise/v1/Reason.js";
import type { ServiceLevel__Output } from "./generated/promise/v1/ServiceLevel.js";
import type { ShippingOption as ProtoShippingOption } from "./generated/promise/v1/ShippingOption.js";
import type { TransitSource__Output } from "./generated/promise/v1/TransitSource.js";
import { moneyFromCents, msToTimestamp } from "./request-fields.js";

export const PROTO_LEVEL: Readonly<Record<ServiceLevel, ServiceLevel__Output>> = {
  same_day: "SERVICE_LEVEL_SAME_DAY",
  next_day: "SERVICE_LEVEL_NEXT_DAY",
  express: "SERVICE_LEVEL_EXPRESS",
  standard: "SERVICE_LEVEL_STANDARD",
  economy: "SERVICE_LEVEL_ECONOMY",
};

/** The engine's availability by its wire name (the proto's values carry the enum's prefix). */
export const PROTO_AVAILABILITY: Readonly<Record<Availability, Availability__Output>> = {
  IN_STOCK: "AVAILABILITY_IN_STOCK",
  BACKORDER: "AVAILABILITY_BACKORDER",
  UNAVAILABLE: "AVAILABILITY_UNAVAILABLE",
};

export const PROTO_TRANSIT_SOURCE: Readonly<Record<TransitSource, TransitSource__Output>> = {
  NETWORK_FILE: "TRANSIT_SOURCE_NETWORK_FILE",
  LEARNED: "TRANSIT_SOURCE_LEARNED",
};

const isoDays = new Map<Day, string>();

/** `YYYY-MM-DD` of a day, formatted once per day. */
export function isoDate(day: Day): string {
  let text = isoDays.get(day);
  if (text === undefined) {
    if (isoDays.size >= 16_384) isoDays.clear();
    text = formatIsoDay(day);
    isoDays.set(day, text);
  }
  return text;
}

export function toProtoReason(reason: Reason, labels: LocaleLabels): ProtoReason {
  return {
    code: reason.code,
    date: reason.day === undefined ? "" : isoDate(reason.day),
    detail: reason.detail ?? "",
    text: labels.reason(reason),
  };
}

/**
 * An engine option as a ShippingOption; `today` is the order's day (for the year in delivery
 * labels).
 */
export function toProtoOption(
  option: ShippingOption,
  labels: LocaleLabels,
  today?: Day,
): ProtoShippingOption {
  const proto: ProtoShippingOption = {
    serviceId: option.serviceId,
    serviceName: option.serviceName,
    carrier: option.carrier,
    level: PROTO_LEVEL[option.level],
    shipFromWarehouse: option.warehouseId,
    shipDate: isoDate(option.shipDay),
    deliveryEarliest: isoDate(option.earliestDay),
    deliveryLatest: isoDate(option.latestDay),
    orderBy: msToTimestamp(option.orderByMs),
    price: moneyFromCents(option.currency, option.priceCents),
    reasons: option.reasons.map((r) => toProtoReason(r, labels)),
    fastest: option.fastest,
    cheapest: option.cheapest,
    deliveryLabel: labels.window(option.earliestDay, option.latestDay, today),
    ...(option.onTimeProbability === undefined
      ? {}
      : { onTimeProbability: option.onTimeProbability }),
    transitSource: PROTO_TRANSIT_SOURCE[option.transitSource],
    ...(option.deliverOnDates === undefined
      ? {}
      : { deliverOnDates: option.deliverOnDates.map(isoDate) }),
  };
  if (option.dominatedBy !== undefined) markDominated(proto, option.dominatedBy, labels);
  return proto;
}

/**
 * Adds the dominated fields (`mark` mode only; options no other beats keep the shape of every
 * other reply, and the hot path the cost it had).
 */
export function markDominated(
  proto: { dominated?: boolean; dominatedBy?: string; dominatedLabel?: string },
  by: DominatingOption,
  labels: LocaleLabels,
): void {
  proto.dominated = true;
  proto.dominatedBy = by.serviceId;
  proto.dominatedLabel = labels.dominated(by);
}

/**
 * The engine's answer as an EstimateResponse, with delivery labels and reason texts in the
 * request's locale; `today` is the order's day.
 */
export function toProtoEstimate(
  sku: string,
  quantity: number,
  result: EstimateResult,
  labels: LocaleLabels,
  today?: Day,
): EstimateResponse {
  return {
    sku,
    quantity,
    availability: PROTO_AVAILABILITY[result.availability],
    options: result.options.map((o) => toProtoOption(o, labels, today)),
  };
}
