import type { CompiledNetwork } from "../engine/compiled-network.js";
import { invalidArgument } from "../engine/domain-error.js";
import { checkGeoPoint, type GeoPoint } from "../engine/geo-point.js";
import { localDayOf } from "../engine/local-day.js";
import {
  DEFAULT_MAX_PICKUP_STORES,
  MAX_PICKUP_STORES_LIMIT,
  type PickupOption,
} from "../engine/pickup-options.js";
import { isoDate, toProtoReason } from "./estimate-to-proto.js";
import type { Destination__Output } from "./generated/promise/v1/Destination.js";
import type { PickupOption as ProtoPickupOption } from "./generated/promise/v1/PickupOption.js";
import { readyLabel } from "./pickup-labels.js";
import { moneyFromCents, msToTimestamp } from "./request-fields.js";

/** The request's max_pickup_stores: absent means the default (3), 0 none; at most 20. */
export function maxPickupStoresOf(
  value: number | undefined | null,
  field = "max_pickup_stores",
): number {
  if (value === undefined || value === null) return DEFAULT_MAX_PICKUP_STORES;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PICKUP_STORES_LIMIT) {
    throw invalidArgument(field, `must be between 0 (none) and ${MAX_PICKUP_STORES_LIMIT}`);
  }
  return value;
}

/** The destination's coordinates, range-checked; undefined when the request has none. */
export function destinationPoint(
  destination: Destination__Output | null | undefined,
): GeoPoint | undefined {
  const c = destination?.coordinates;
  if (c === null || c === undefined) return undefined;
  const point = { lat: Number(c.latitude), lon: Number(c.longitude) };
  checkGeoPoint(point, "destination.coordinates");
  return point;
}

/** A pick-up option as the proto message, with its ready label in the request's locale. */
export function toProtoPickup(
  net: CompiledNetwork,
  option: PickupOption,
  locale: string,
  atMs: number,
): ProtoPickupOption {
  const store = net.stores[option.storeIndex]!;
  const orderDay = localDayOf(store.location, net.horizon, atMs);
  return {
    storeId: option.storeId,
    storeName: option.storeName,
    address: store.address,
    readyAt: msToTimestamp(option.readyAtMs),
    readyLabel: readyLabel(
      locale,
      store.location.timeZone,
      orderDay,
      option.readyDay,
      option.readyAtMs,
    ),
    readyDate: isoDate(option.readyDay),
    orderBy: msToTimestamp(option.orderByMs),
    pickUpUntil: msToTimestamp(option.pickUpUntilMs),
    ...(option.distanceKm === undefined
      ? {}
      : { distanceKm: Math.round(option.distanceKm * 100) / 100 }),
    price: moneyFromCents(option.currency, option.priceCents),
    reasons: option.reasons.map(toProtoReason),
    transfer: option.transfer,
  };
}
