import type * as grpc from "@grpc/grpc-js";
import type { PromiseEvent, PromiseEventKind } from "../events/promise-event-store.js";

/**
 * A hand-written protobuf encoder for PromiseEvent (admin.proto), byte-compatible with
 * proto-loader's: WatchPromiseEvents sends each outbox row as these bytes, without building the
 * proto object and without protobufjs' generic fromObject + encode (int64 as Long, Timestamps as
 * messages). Enum numbers are keyed by the outbox's own values, so renaming the proto's enum values
 * does not touch them; a test decodes the bytes with proto-loader and compares with toProtoEvent.
 */

const KIND: { readonly [K in PromiseEventKind]: number } = {
  CONFIRMED: 1,
  AT_RISK: 2,
  BACK_ON_TRACK: 3,
  SHIPPED: 4,
  DELIVERED: 5,
  KEPT: 6,
  BROKEN: 7,
  CANCELLED: 8,
};

const STATUS: Readonly<Record<string, number>> = {
  confirmed: 1,
  cancelled: 2,
  fulfilled: 3,
  delivered: 4,
};

const RISK_STATUS: Readonly<Record<string, number>> = {
  ON_TRACK: 1,
  AT_RISK: 2,
  LATE: 3,
  KEPT: 4,
  BROKEN: 5,
};

class Writer {
  buf = Buffer.allocUnsafe(256);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  varint(v: number): void {
    this.ensure(10);
    if (v < 0) {
      // Negative int64: ten bytes of two's complement.
      let b = BigInt.asUintN(64, BigInt(v));
      while (b >= 0x80n) {
        this.buf[this.pos++] = Number(b & 0x7fn) | 0x80;
        b >>= 7n;
      }
      this.buf[this.pos++] = Number(b);
      return;
    }
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  string(tag: number, s: string): void {
    if (s === "") return;
    const n = Buffer.byteLength(s);
    this.varint(tag);
    this.varint(n);
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos);
  }

  /** A length-delimited field whose body `write` appends (its length is patched in after). */
  message(tag: number, write: () => void): void {
    this.varint(tag);
    this.ensure(1);
    const lengthAt = this.pos++;
    write();
    const n = this.pos - lengthAt - 1;
    if (n < 0x80) {
      this.buf[lengthAt] = n;
      return;
    }
    // Rare (a body over 127 bytes): move the body to make room for a longer length.
    const body = Buffer.from(this.buf.subarray(lengthAt + 1, this.pos));
    this.pos = lengthAt;
    this.varint(n);
    this.ensure(body.length);
    body.copy(this.buf, this.pos);
    this.pos += body.length;
  }

  timestamp(tag: number, ms: number): void {
    const seconds = Math.floor(ms / 1000);
    const nanos = Math.round((ms - seconds * 1000) * 1_000_000);
    this.message(tag, () => {
      if (seconds !== 0) {
        this.varint(0x08);
        this.varint(seconds);
      }
      if (nanos !== 0) {
        this.varint(0x10);
        this.varint(nanos);
      }
    });
  }
}

/** The PromiseEvent message of one outbox row. */
export function encodePromiseEvent(e: PromiseEvent): Buffer {
  const w = new Writer();
  if (e.seq !== 0) {
    w.varint(0x08);
    w.varint(e.seq);
  }
  w.string(0x12, e.promiseId);
  const kind = KIND[e.kind] ?? 0;
  if (kind !== 0) {
    w.varint(0x18);
    w.varint(kind);
  }
  const status = STATUS[e.status] ?? 0;
  if (status !== 0) {
    w.varint(0x20);
    w.varint(status);
  }
  const risk = e.risk;
  if (risk !== null) {
    w.message(0x2a, () => {
      const s = RISK_STATUS[risk.status] ?? 0;
      if (s !== 0) {
        w.varint(0x08);
        w.varint(s);
      }
      for (const r of risk.reasons) {
        // A repeated string keeps empty entries.
        w.varint(0x12);
        w.varint(Buffer.byteLength(r));
        w.ensure(Buffer.byteLength(r));
        w.pos += w.buf.write(r, w.pos);
      }
      w.string(0x1a, risk.expectedEarliest);
      w.string(0x22, risk.expectedLatest);
      w.timestamp(0x2a, risk.sinceMs);
    });
  }
  w.timestamp(0x32, e.atMs);
  return Buffer.from(w.buf.subarray(0, w.pos));
}

/**
 * The method definition of WatchPromiseEvents with a serializer that sends pre-encoded bytes as
 * they are (anything else goes through the generated serializer).
 */
export function passEncodedEvents<D extends grpc.MethodDefinition<object, object>>(method: D): D {
  const serialize = method.responseSerialize;
  return {
    ...method,
    responseSerialize: (value: object) => (Buffer.isBuffer(value) ? value : serialize(value)),
  };
}
