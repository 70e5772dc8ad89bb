import type { Availability__Output } from "./generated/promise/v1/Availability.js";
import type { EstimateBatchResponse } from "./generated/promise/v1/EstimateBatchResponse.js";
import type { EstimateResponse } from "./generated/promise/v1/EstimateResponse.js";
import type { ItemError } from "./generated/promise/v1/ItemError.js";
import type { Money } from "./generated/promise/v1/Money.js";
import type { PickupOption } from "./generated/promise/v1/PickupOption.js";
import type { Reason } from "./generated/promise/v1/Reason.js";
import type { ServiceLevel__Output } from "./generated/promise/v1/ServiceLevel.js";
import type { ShippingOption } from "./generated/promise/v1/ShippingOption.js";
import type { TransitSource__Output } from "./generated/promise/v1/TransitSource.js";

/**
 * A hand-written protobuf encoder for the estimate replies (EstimateResponse and
 * EstimateBatchResponse), byte-compatible with promise.proto. protobufjs' generic path
 * (fromObject + encode, which turns every int64 into a Long) costs ~20 us per sample estimate; this
 * costs a few, and lets a batch reply reuse the bytes of cached estimates.
 *
 * It encodes the objects the service builds (enums as names or numbers, int64 as numbers, proto3
 * defaults omitted); tests check it against proto-loader's decoder.
 */

/**
 * An enum's wire numbers by name, typed from the generated enum: a value added to the proto (and
 * `npm run gen`) is missing here, and a name removed from it is one too many, so either fails to
 * compile.
 */
export type EnumTable<Name extends string> = { readonly [K in Name]: number };

const AVAILABILITY: EnumTable<Availability__Output> = {
  AVAILABILITY_UNSPECIFIED: 0,
  AVAILABILITY_IN_STOCK: 1,
  AVAILABILITY_BACKORDER: 2,
  AVAILABILITY_UNAVAILABLE: 3,
};

const SERVICE_LEVEL: EnumTable<ServiceLevel__Output> = {
  SERVICE_LEVEL_UNSPECIFIED: 0,
  SERVICE_LEVEL_SAME_DAY: 1,
  SERVICE_LEVEL_NEXT_DAY: 2,
  SERVICE_LEVEL_EXPRESS: 3,
  SERVICE_LEVEL_STANDARD: 4,
  SERVICE_LEVEL_ECONOMY: 5,
};

const TRANSIT_SOURCE: EnumTable<TransitSource__Output> = {
  TRANSIT_SOURCE_UNSPECIFIED: 0,
  TRANSIT_SOURCE_NETWORK_FILE: 1,
  TRANSIT_SOURCE_LEARNED: 2,
};

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;

function enumNumber<Name extends string>(
  value: Name | number | undefined,
  table: EnumTable<Name>,
): number {
  if (value === undefined) return 0;
  if (typeof value === "number") return value;
  const n = table[value] as number | undefined;
  if (n === undefined) throw new TypeError(`unknown enum value ${value}`);
  return n;
}

function int64(value: number | string | { toString(): string } | undefined): number {
  if (value === undefined) return 0;
  const n = typeof value === "number" ? value : Number(value.toString());
  if (!Number.isSafeInteger(n)) throw new TypeError(`not a safe integer: ${String(value)}`);
  return n;
}

function varintSize(n: number): number {
  if (n < 0) return 10;
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  if (n < 0x200000) return 3;
  if (n < 0x10000000) return 4;
  let size = 4;
  let rest = Math.floor(n / 0x10000000);
  while (rest > 0) {
    size++;
    rest = Math.floor(rest / 128);
  }
  return size;
}

/** Writes a varint at `pos`; returns the offset after it. */
function writeVarint(buf: Buffer, pos: number, n: number): number {
  if (n < 0) {
    let big = BigInt.asUintN(64, BigInt(n));
    while (big >= 0x80n) {
      buf[pos++] = Number(big & 0x7fn) | 0x80;
      big >>= 7n;
    }
    buf[pos++] = Number(big);
    return pos;
  }
  while (n >= 0x80) {
    buf[pos++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  buf[pos++] = n;
  return pos;
}

/** Writes a string as UTF-8 (lone surrogates as U+FFFD, as Buffer does); returns the new offset. */
function writeUtf8(buf: Buffer, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[pos++] = c;
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          i++;
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[pos++] = 0xf0 | (cp >> 18);
          buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
          buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
          buf[pos++] = 0x80 | (cp & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
}

/**
 * A single-pass writer over a reusable scratch buffer. A length-delimited field reserves one byte
 * for its length, writes its body, then patches the length in (moving the body when the length
 * needs more than one byte, which is rare: most strings and messages here are under 128 bytes).
 */
class Writer {
  buf: Buffer;
  pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  reset(): this {
    this.pos = 0;
    return this;
  }

  /** A copy of what was written (the scratch buffer is reused). */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  varintField(field: number, n: number): void {
    if (n === 0) return;
    this.ensure(12);
    this.tag(field, WIRE_VARINT);
    this.pos = writeVarint(this.buf, this.pos, n);
  }

  /** A double with explicit presence (written even when 0); field number below 16. */
  double(field: number, value: number): void {
    this.ensure(9);
    this.buf[this.pos++] = tag(field, WIRE_FIXED64);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  bool(field: number, b: boolean | undefined): void {
    if (!b) return;
    this.ensure(3);
    this.tag(field, WIRE_VARINT);
    this.buf[this.pos++] = 1;
  }

  str(field: number, s: string | undefined): void {
    if (s === undefined || s === "") return;
    this.ensure(3 + 3 * s.length + 4);
    const mark = this.begin(field);
    this.pos = writeUtf8(this.buf, this.pos, s);
    this.end(mark);
  }

  bytes(field: number, bytes: Uint8Array): void {
    this.ensure(7 + bytes.length);
    this.tag(field, WIRE_LEN);
    this.pos = writeVarint(this.buf, this.pos, bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Starts a length-delimited field; returns the offset of its length byte. */
  begin(field: number): number {
    this.ensure(3);
    this.tag(field, WIRE_LEN);
    return this.pos++;
  }

  /** A field's key: one byte for fields 1-15, two for 16-2047 (the dominated fields, 20-22). */
  private tag(field: number, wire: number): void {
    const key = tag(field, wire);
    if (key < 0x80) {
      this.buf[this.pos++] = key;
    } else {
      this.buf[this.pos++] = (key & 0x7f) | 0x80;
      this.buf[this.pos++] = key >>> 7;
    }
  }

  end(mark: number): void {
    const len = this.pos - mark - 1;
    if (len < 0x80) {
      this.buf[mark] = len;
      return;
    }
    const extra = varintSize(len) - 1;
    this.ensure(extra);
    this.buf.copyWithin(mark + 1 + extra, mark + 1, this.pos);
    writeVarint(this.buf, mark, len);
    this.pos += extra;
  }
}

type TimestampLike = { seconds?: number | string | { toString(): string }; nanos?: number };

function writeTimestamp(w: Writer, field: number, t: TimestampLike): void {
  const mark = w.begin(field);
  w.varintField(1, int64(t.seconds));
  w.varintField(2, t.nanos ?? 0);
  w.end(mark);
}

function writeMoney(w: Writer, field: number, m: Money): void {
  const mark = w.begin(field);
  w.str(1, m.currencyCode);
  w.varintField(2, int64(m.units));
  w.varintField(3, m.nanos ?? 0);
  w.end(mark);
}

function writeReason(w: Writer, field: number, r: Reason): void {
  const mark = w.begin(field);
  w.str(1, r.code);
  w.str(2, r.date);
  w.str(3, r.detail);
  w.str(75, r.text);
  w.end(mark);
}

function writeOption(w: Writer, field: number, o: ShippingOption): void {
  const mark = w.begin(field);
  w.str(1, o.serviceId);
  w.str(2, o.serviceName);
  w.str(3, o.carrier);
  w.varintField(4, enumNumber(o.level, SERVICE_LEVEL));
  w.str(5, o.shipFromWarehouse);
  w.str(6, o.shipDate);
  w.str(7, o.deliveryEarliest);
  w.str(8, o.deliveryLatest);
  if (o.orderBy) writeTimestamp(w, 9, o.orderBy);
  if (o.price) writeMoney(w, 10, o.price);
  const reasons = o.reasons;
  if (reasons) for (let i = 0; i < reasons.length; i++) writeReason(w, 11, reasons[i]!);
  w.bool(12, o.fastest);
  w.bool(13, o.cheapest);
  w.str(14, o.deliveryLabel);
  if (o.onTimeProbability !== undefined && o.onTimeProbability !== null) {
    w.double(15, Number(o.onTimeProbability));
  }
  w.varintField(16, enumNumber(o.transitSource, TRANSIT_SOURCE));
  w.bool(20, o.dominated);
  w.str(21, o.dominatedBy);
  w.str(22, o.dominatedLabel);
  const dates = o.deliverOnDates;
  if (dates) for (let i = 0; i < dates.length; i++) w.str(40, dates[i]!);
  w.end(mark);
}

function writePickup(w: Writer, field: number, p: PickupOption): void {
  const mark = w.begin(field);
  w.str(1, p.storeId);
  w.str(2, p.storeName);
  w.str(3, p.address);
  if (p.readyAt) writeTimestamp(w, 4, p.readyAt);
  w.str(5, p.readyLabel);
  w.str(6, p.readyDate);
  if (p.orderBy) writeTimestamp(w, 7, p.orderBy);
  if (p.pickUpUntil) writeTimestamp(w, 8, p.pickUpUntil);
  if (p.distanceKm !== undefined && p.distanceKm !== null) w.double(9, Number(p.distanceKm));
  if (p.price) writeMoney(w, 10, p.price);
  const reasons = p.reasons;
  if (reasons) for (let i = 0; i < reasons.length; i++) writeReason(w, 11, reasons[i]!);
  w.bool(12, p.transfer);
  w.end(mark);
}

function writeEstimate(w: Writer, e: EstimateResponse): void {
  w.str(1, e.sku);
  w.varintField(2, e.quantity ?? 0);
  w.varintField(3, enumNumber(e.availability, AVAILABILITY));
  const options = e.options;
  if (options) for (let i = 0; i < options.length; i++) writeOption(w, 4, options[i]!);
  const pickups = e.pickupOptions;
  if (pickups) for (let i = 0; i < pickups.length; i++) writePickup(w, 40, pickups[i]!);
}

const pickupWriter = new Writer(4 * 1024);

/**
 * The bytes of an EstimateResponse's `pickup_options` field alone: appended to the bytes of the
 * rest of the response they make the whole response (protobuf concatenation merges, and repeated
 * fields append), so a cached estimate's bytes are reused as they are.
 */
export function encodePickupOptions(pickups: readonly PickupOption[]): Buffer {
  const w = pickupWriter.reset();
  for (let i = 0; i < pickups.length; i++) writePickup(w, 40, pickups[i]!);
  return w.finish();
}

const estimateWriter = new Writer(16 * 1024);
const batchWriter = new Writer(64 * 1024);

/** The protobuf bytes of an EstimateResponse. */
export function encodeEstimateResponse(response: EstimateResponse): Buffer {
  const w = estimateWriter.reset();
  writeEstimate(w, response);
  return w.finish();
}

/**
 * The protobuf bytes of an EstimateBatchResponse; each estimate's bytes come from `estimateBytes`
 * (so cached estimates are encoded once).
 */
export function encodeEstimateBatchResponse(
  response: EstimateBatchResponse,
  estimateBytes: (estimate: EstimateResponse) => Buffer,
): Buffer {
  const results = response.results ?? [];
  // Encode the estimates first: estimateBytes may use the estimate writer, never this one.
  const estimates: Array<Buffer | undefined> = new Array(results.length);
  for (let i = 0; i < results.length; i++) {
    const estimate = results[i]!.estimate;
    if (estimate) estimates[i] = estimateBytes(estimate);
  }
  const w = batchWriter.reset();
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    const mark = w.begin(1);
    const bytes = estimates[i];
    if (bytes !== undefined) {
      w.bytes(1, bytes);
    } else if (result.error) {
      const error: ItemError = result.error;
      const inner = w.begin(2);
      w.str(1, error.code);
      w.str(2, error.message);
      w.str(3, error.field);
      w.end(inner);
    }
    w.end(mark);
  }
  return w.finish();
}
