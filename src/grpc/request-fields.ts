import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { invalidArgument } from "../engine/domain-error.js";
import type { CartValue } from "../engine/estimate.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import type { Timestamp__Output } from "./generated/google/protobuf/Timestamp.js";
import type { Destination__Output } from "./generated/promise/v1/Destination.js";
import type { Money__Output } from "./generated/promise/v1/Money.js";

export { MAX_SKU_LENGTH, requireQuantity, requireSku } from "../checkout/item-fields.js";

const NANOS_PER_SECOND = 1_000_000_000;
const NANOS_PER_CENT = 10_000_000;
const CURRENCY = /^[A-Z]{3}$/;

/** The destination's zone; a missing destination is INVALID_ARGUMENT `destination`. */
export function destinationZone(
  net: CompiledNetwork,
  destination: Destination__Output | null,
): CompiledZone {
  if (destination === null) throw invalidArgument("destination", "is required");
  return resolveDestination(net, {
    countryCode: destination.countryCode,
    postalCode: destination.postalCode,
    province: destination.province === "" ? undefined : destination.province,
  });
}

/** A Timestamp as UTC ms (whole milliseconds; sub-millisecond nanos are dropped). */
export function timestampToMs(ts: Timestamp__Output, field: string): number {
  const seconds = Number(ts.seconds);
  const nanos = ts.nanos;
  if (
    !Number.isSafeInteger(seconds) ||
    !Number.isInteger(nanos) ||
    nanos < 0 ||
    nanos >= NANOS_PER_SECOND
  ) {
    throw invalidArgument(field, "is not a valid timestamp");
  }
  const ms = seconds * 1000 + Math.floor(nanos / 1_000_000);
  if (!Number.isSafeInteger(ms)) throw invalidArgument(field, "is not a valid timestamp");
  return ms;
}

export interface TimestampValue {
  readonly seconds: number;
  readonly nanos: number;
}

export function msToTimestamp(ms: number): TimestampValue {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1_000_000) };
}

export interface MoneyValue {
  readonly currencyCode: string;
  readonly units: number;
  readonly nanos: number;
}

/** Money from hundredths of a unit: units and nanos carry the same sign, as google.type.Money. */
export function moneyFromCents(currency: string, cents: number): MoneyValue {
  const units = Math.trunc(cents / 100);
  return { currencyCode: currency, units, nanos: (cents - units * 100) * NANOS_PER_CENT };
}

/**
 * The cart value of a request, in cents; undefined when absent (or all zero with no currency).
 * Negative amounts, mixed signs, a bad currency code or out-of-range nanos are INVALID_ARGUMENT.
 */
export function cartValueOf(money: Money__Output | null, field: string): CartValue | undefined {
  if (money === null) return undefined;
  const units = Number(money.units);
  const nanos = money.nanos;
  if (money.currencyCode === "" && units === 0 && nanos === 0) return undefined;
  if (!CURRENCY.test(money.currencyCode)) {
    throw invalidArgument(`${field}.currency_code`, "expected an ISO 4217 code such as THB");
  }
  if (
    !Number.isSafeInteger(units) ||
    units < 0 ||
    !Number.isInteger(nanos) ||
    nanos < 0 ||
    nanos >= NANOS_PER_SECOND
  ) {
    throw invalidArgument(field, "expected a non-negative amount");
  }
  const cents = units * 100 + Math.round(nanos / NANOS_PER_CENT);
  if (!Number.isSafeInteger(cents)) throw invalidArgument(field, "is too large");
  return { currency: money.currencyCode, cents };
}
