import type { Timestamp__Output } from "./generated/google/protobuf/Timestamp.js";
import type { Destination__Output } from "./generated/promise/v1/Destination.js";
import type { EstimateRequest__Output } from "./generated/promise/v1/EstimateRequest.js";
import type { GeoPoint__Output } from "./generated/promise/v1/GeoPoint.js";
import type { Money__Output } from "./generated/promise/v1/Money.js";

/**
 * A hand-written protobuf decoder for `promise.v1.EstimateRequest`, the request of every
 * product-page call. It gives exactly the object proto-loader's `requestDeserialize` gives
 * (protobufjs decode + toObject with PROTO_LOADER_OPTIONS: camelCase keys in field order, proto3
 * defaults, null for absent messages, int64 as numbers) for every valid message, in less than half
 * the time; tests compare the two.
 *
 * A repeated occurrence of a field replaces the earlier one (sub-messages too: no merging), as
 * protobufjs does. Unknown fields are skipped by wire type. Malformed input throws an Error; this
 * decoder is stricter than protobufjs there (truncation, a length past its message's end, a
 * known field with the wrong wire type, field number 0, an unmatched or misnested end-group, a
 * varint over 10 bytes, and — because protobufjs always consumes 10 bytes for a 32-bit varint
 * longer than 5 — a 32-bit varint of 6 to 9 bytes), never looser.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_START_GROUP = 3;
const WIRE_FIXED32 = 5;

/** Group nesting deeper than this throws (protobufjs allows about 100). */
const MAX_GROUP_DEPTH = 64;

/** ASCII strings up to this many bytes are built by hand: faster than a utf8Slice call. */
const SHORT_STRING = 8;

const EMPTY = Buffer.alloc(0);

/** Node's Buffer has `utf8Slice` (what `toString("utf8", start, end)` calls); @types/node omits it. */
interface Utf8Slice {
  utf8Slice(start: number, end: number): string;
}

// The decoder's state: one decode runs at a time (it is synchronous).
let buf: Buffer = EMPTY;
let pos = 0;
/** The end of the message being decoded (the buffer's, or an enclosing sub-message's). */
let limit = 0;

function fail(what: string): never {
  throw new Error(`invalid promise.v1.EstimateRequest: ${what} at offset ${pos}`);
}

function byte(): number {
  if (pos >= limit) fail("truncated message");
  return buf[pos++]!;
}

/**
 * A varint's low 32 bits, as an unsigned number (protobufjs' `uint32()`; `| 0` gives `int32()`).
 * A varint longer than 5 bytes must be 10 long (a negative int32), since protobufjs skips
 * exactly 10 bytes for it.
 */
function varint32(): number {
  let b = byte();
  if (b < 0x80) return b;
  let value = b & 0x7f;
  b = byte();
  value |= (b & 0x7f) << 7;
  if (b < 0x80) return value;
  b = byte();
  value |= (b & 0x7f) << 14;
  if (b < 0x80) return value;
  b = byte();
  value |= (b & 0x7f) << 21;
  if (b < 0x80) return value;
  b = byte();
  value = (value | ((b & 0x0f) << 28)) >>> 0;
  if (b < 0x80) return value;
  for (let i = 6; i < 10; i++) {
    if (byte() < 0x80) fail("a 32-bit varint of " + i + " bytes");
  }
  if (byte() >= 0x80) fail("a varint longer than 10 bytes");
  return value;
}

/** Two's complement 64 bits as a number, as protobufjs' LongBits.toNumber(false). */
function int64Number(lo: number, hi: number): number {
  if (hi >>> 31) {
    lo = (~lo + 1) >>> 0;
    hi = ~hi >>> 0;
    if (!lo) hi = (hi + 1) >>> 0;
    return -(lo + hi * 4294967296);
  }
  return lo + hi * 4294967296;
}

/** An int64 varint as a number (protobufjs' `int64()` then toObject with `longs: Number`). */
function int64(): number {
  let lo = 0;
  let b = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    b = byte();
    lo = (lo | ((b & 0x7f) << shift)) >>> 0;
    if (b < 0x80) return lo;
  }
  b = byte();
  lo = (lo | ((b & 0x7f) << 28)) >>> 0;
  let hi = (b & 0x7f) >> 4;
  if (b < 0x80) return int64Number(lo, hi);
  for (let shift = 3; shift < 38; shift += 7) {
    b = byte();
    hi = (hi | ((b & 0x7f) << shift)) >>> 0;
    if (b < 0x80) return int64Number(lo, hi);
  }
  return fail("a varint longer than 10 bytes");
}

/** The end of a length-delimited field whose length is next. */
function delimitedEnd(): number {
  const length = varint32();
  if (length > limit - pos) fail("a length past the end of its message");
  return pos + length;
}

function string(): string {
  const end = delimitedEnd();
  const start = pos;
  pos = end;
  if (end - start <= SHORT_STRING) {
    let text = "";
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return (buf as unknown as Utf8Slice).utf8Slice(start, end);
      text += String.fromCharCode(c);
    }
    return text;
  }
  return (buf as unknown as Utf8Slice).utf8Slice(start, end);
}

/** Skips the value of an unknown field. */
function skip(wire: number, field: number, depth: number): void {
  switch (wire) {
    case WIRE_VARINT:
      for (let i = 0; byte() >= 0x80; i++) {
        if (i === 9) fail("a varint longer than 10 bytes");
      }
      return;
    case WIRE_FIXED64:
      if (limit - pos < 8) fail("truncated message");
      pos += 8;
      return;
    case WIRE_LEN:
      pos = delimitedEnd();
      return;
    case WIRE_START_GROUP:
      if (depth >= MAX_GROUP_DEPTH) fail("groups nested too deeply");
      for (;;) {
        const tag = varint32();
        const inner = tag >>> 3;
        if (inner === 0) fail("field number 0");
        if ((tag & 7) === 4) {
          if (inner !== field) fail("an end-group tag for field " + inner + " in group " + field);
          return;
        }
        skip(tag & 7, inner, depth + 1);
      }
    case WIRE_FIXED32:
      if (limit - pos < 4) fail("truncated message");
      pos += 4;
      return;
    default:
      fail("wire type " + wire + " for field " + field);
  }
}

/** The next tag; throws for field number 0. */
function tag(): number {
  const t = varint32();
  if (t >>> 3 === 0) fail("field number 0");
  return t;
}

function wrongWire(t: number): never {
  return fail("wire type " + (t & 7) + " for field " + (t >>> 3));
}

/** Enters a sub-message whose length is next; returns the enclosing limit to restore. */
function enter(): number {
  const end = delimitedEnd();
  const outer = limit;
  limit = end;
  return outer;
}

function destination(): Destination__Output {
  const outer = enter();
  let countryCode = "";
  let postalCode = "";
  let province = "";
  let coordinates: GeoPoint__Output | null = null;
  while (pos < limit) {
    const t = tag();
    switch (t) {
      case (40 << 3) | WIRE_LEN:
        coordinates = geoPoint();
        break;
      case (1 << 3) | WIRE_LEN:
        countryCode = string();
        break;
      case (2 << 3) | WIRE_LEN:
        postalCode = string();
        break;
      case (3 << 3) | WIRE_LEN:
        province = string();
        break;
      default:
        if (t >>> 3 <= 3 || t >>> 3 === 40) wrongWire(t);
        skip(t & 7, t >>> 3, 1);
    }
  }
  limit = outer;
  return { countryCode, postalCode, province, coordinates };
}

function double(): number {
  if (limit - pos < 8) fail("truncated message");
  const value = buf.readDoubleLE(pos);
  pos += 8;
  return value;
}

function geoPoint(): GeoPoint__Output {
  const outer = enter();
  let latitude = 0;
  let longitude = 0;
  while (pos < limit) {
    const t = tag();
    switch (t) {
      case (1 << 3) | WIRE_FIXED64:
        latitude = double();
        break;
      case (2 << 3) | WIRE_FIXED64:
        longitude = double();
        break;
      default:
        if (t >>> 3 <= 2) wrongWire(t);
        skip(t & 7, t >>> 3, 1);
    }
  }
  limit = outer;
  return { latitude, longitude };
}

function timestamp(): Timestamp__Output {
  const outer = enter();
  let seconds = 0;
  let nanos = 0;
  while (pos < limit) {
    const t = tag();
    switch (t) {
      case (1 << 3) | WIRE_VARINT:
        seconds = int64();
        break;
      case (2 << 3) | WIRE_VARINT:
        nanos = varint32() | 0;
        break;
      default:
        if (t >>> 3 <= 2) wrongWire(t);
        skip(t & 7, t >>> 3, 1);
    }
  }
  limit = outer;
  return { seconds, nanos };
}

function money(): Money__Output {
  const outer = enter();
  let currencyCode = "";
  let units = 0;
  let nanos = 0;
  while (pos < limit) {
    const t = tag();
    switch (t) {
      case (1 << 3) | WIRE_LEN:
        currencyCode = string();
        break;
      case (2 << 3) | WIRE_VARINT:
        units = int64();
        break;
      case (3 << 3) | WIRE_VARINT:
        nanos = varint32() | 0;
        break;
      default:
        if (t >>> 3 <= 3) wrongWire(t);
        skip(t & 7, t >>> 3, 1);
    }
  }
  limit = outer;
  return { currencyCode, units, nanos };
}

/** Decodes an EstimateRequest exactly as proto-loader's requestDeserialize; throws for bad bytes. */
export function decodeEstimateRequest(bytes: Buffer): EstimateRequest__Output {
  buf = bytes;
  pos = 0;
  limit = bytes.length;
  try {
    let sku = "";
    let quantity = 0;
    let destinationValue: Destination__Output | null = null;
    let at: Timestamp__Output | null = null;
    let locale = "";
    let cartValue: Money__Output | null = null;
    let confidence: EstimateRequest__Output["confidence"] = "CONFIDENCE_STANDARD";
    let maxPickupStores: number | undefined;
    while (pos < limit) {
      const t = tag();
      switch (t) {
        case (40 << 3) | WIRE_VARINT:
          maxPickupStores = varint32() | 0;
          break;
        case (1 << 3) | WIRE_LEN:
          sku = string();
          break;
        case (2 << 3) | WIRE_VARINT:
          quantity = varint32() | 0;
          break;
        case (3 << 3) | WIRE_LEN:
          destinationValue = destination();
          break;
        case (4 << 3) | WIRE_LEN:
          at = timestamp();
          break;
        case (5 << 3) | WIRE_LEN:
          locale = string();
          break;
        case (6 << 3) | WIRE_LEN:
          cartValue = money();
          break;
        case (7 << 3) | WIRE_VARINT: {
          const n = varint32() | 0;
          // proto-loader gives an unknown enum number as the number.
          confidence =
            n === 0
              ? "CONFIDENCE_STANDARD"
              : n === 1
                ? "CONFIDENCE_HIGH"
                : (n as unknown as EstimateRequest__Output["confidence"]);
          break;
        }
        default:
          if (t >>> 3 <= 7 || t >>> 3 === 40) wrongWire(t);
          skip(t & 7, t >>> 3, 0);
      }
    }
    const request: EstimateRequest__Output = {
      sku,
      quantity,
      destination: destinationValue,
      at,
      locale,
      cartValue,
      confidence,
    };
    // proto3 `optional`: proto-loader sets the field and its synthetic oneof only when present.
    if (maxPickupStores !== undefined) {
      request.maxPickupStores = maxPickupStores;
      request._maxPickupStores = "maxPickupStores";
    }
    return request;
  } finally {
    buf = EMPTY;
  }
}
