import { memoryLimits } from "../config/memory-limits.js";
import { invalidArgument } from "../domain/domain-error.js";
import type { CompiledNetwork } from "../engine/compiled-network.js";
import { checkGeoPoint, type GeoPoint } from "../engine/geo-point.js";
import { localDayOf } from "../engine/local-day.js";
import {
  DEFAULT_MAX_PICKUP_STORES,
  MAX_PICKUP_STORES_LIMIT,
  type PickupOption,
} from "../engine/pickup-options.js";
import type { LocaleLabels } from "./delivery-labels.js";
import { encodePickupOptions } from "./estimate-encoder.js";
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

const encoded = new Map<string, { readonly proto: ProtoPickupOption; readonly bytes: Buffer }>();

/**
 * The request's pick-up options as proto messages, and their bytes as EstimateResponse field 40
 * (see withPickupOptions). Each distinct option (store, instants, distance, price, reasons,
 * locale, the order's store-local date) is built and encoded once; product pages repeat them.
 */
export function pickupProtos(
  net: CompiledNetwork,
  options: readonly PickupOption[],
  labels: LocaleLabels,
  atMs: number,
): { readonly protos: ProtoPickupOption[]; readonly bytes: Buffer } {
  const locale = labels.locale;
  const protos: ProtoPickupOption[] = [];
  const parts: Buffer[] = [];
  for (const option of options) {
    const store = net.stores[option.storeIndex]!;
    const orderDay = localDayOf(store.location, net.horizon, atMs);
    let reasons = "";
    for (const r of option.reasons) reasons += `${r.code}/${r.day ?? ""}/${r.detail ?? ""};`;
    const key = `${net.version}\n${locale}\n${option.storeIndex}\n${orderDay}\n${option.readyAtMs}\n${option.orderByMs}\n${option.pickUpUntilMs}\n${option.distanceKm ?? ""}\n${option.priceCents}\n${option.transfer}\n${reasons}`;
    let entry = encoded.get(key);
    if (entry === undefined) {
      if (encoded.size >= memoryLimits().pickupOptions) encoded.clear();
      const proto = toProtoPickup(net, option, labels, atMs);
      entry = { proto, bytes: encodePickupOptions([proto]) };
      encoded.set(key, entry);
    }
    protos.push(entry.proto);
    parts.push(entry.bytes);
  }
  return { protos, bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts) };
}

/** A pick-up option as the proto message, with its ready label in the request's locale. */
export function toProtoPickup(
  net: CompiledNetwork,
  option: PickupOption,
  labels: LocaleLabels,
  atMs: number,
): ProtoPickupOption {
  const locale = labels.locale;
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
    reasons: option.reasons.map((r) => toProtoReason(r, labels)),
    transfer: option.transfer,
  };
}
