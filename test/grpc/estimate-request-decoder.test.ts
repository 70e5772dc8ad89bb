import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeEstimateRequest } from "../../src/grpc/estimate-request-decoder.js";
import type { EstimateRequest } from "../../src/grpc/generated/promise/v1/EstimateRequest.js";
import { guardRequestDecoding, UndecodableRequest } from "../../src/grpc/guard-request-decoding.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { withEstimateEncoders } from "../../src/grpc/memoized-encoding.js";

const service = loadProto().proto.promise.v1.PromiseService.service;
const serialize = (request: EstimateRequest) => service.Estimate.requestSerialize(request);
const protoLoaderDecode = (bytes: Buffer) => service.Estimate.requestDeserialize(bytes);

// ---- a tiny protobuf writer for hand-made (and malformed) encodings --------------------------

function varint(value: number | bigint): Buffer {
  let n = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (n >= 0x80n) {
    out.push(Number(n & 0x7fn) | 0x80);
    n >>= 7n;
  }
  out.push(Number(n));
  return Buffer.from(out);
}

const tag = (field: number, wire: number) => varint(field * 8 + wire);
const bytes = (...parts: Array<Buffer | number[]>) =>
  Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
const varintField = (field: number, value: number | bigint) => bytes(tag(field, 0), varint(value));
const lenField = (field: number, payload: Buffer) =>
  bytes(tag(field, 2), varint(payload.length), payload);
const stringField = (field: number, text: string) => lenField(field, Buffer.from(text, "utf8"));

/** Every key of a decoded object, nested ones as paths, in insertion order. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    prefix + key,
    ...keyPaths(inner, prefix + key + "."),
  ]);
}

/** Decodes with both decoders and expects the same object, key order included. */
function expectSameAsProtoLoader(encoded: Buffer) {
  const ours = decodeEstimateRequest(encoded);
  const theirs = protoLoaderDecode(encoded);
  expect(ours).toStrictEqual(theirs);
  expect(keyPaths(ours)).toEqual(keyPaths(theirs));
  return ours;
}

// ---- arbitraries -----------------------------------------------------------------------------

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("", "TH", "th-TH", "10110", "SKU-MUG-001", "กรุงเทพมหานคร", "Hà Nội 😀"),
);
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const int64 = fc.oneof(
  fc.maxSafeInteger(),
  fc.constantFrom(0, -1, 1, 2 ** 32, -(2 ** 32), 2 ** 53 - 1, -(2 ** 53 - 1), 1_795_676_400),
);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const requestArbitrary: fc.Arbitrary<EstimateRequest> = fc.record(
  {
    sku: text,
    quantity: int32,
    destination: optional(
      fc.record({ countryCode: text, postalCode: text, province: text }, { requiredKeys: [] }),
    ),
    at: optional(fc.record({ seconds: int64, nanos: int32 }, { requiredKeys: [] })),
    locale: text,
    cartValue: optional(
      fc.record({ currencyCode: text, units: int64, nanos: int32 }, { requiredKeys: [] }),
    ),
  },
  { requiredKeys: [] },
);

/**
 * Byte strings close to EstimateRequest encodings: fields with known and unknown numbers, every
 * wire type (6 and 7 too), payloads that may not match the tag's wire type, nested messages,
 * groups (with matching or wrong end tags) and over-long varints; then sometimes cut short or
 * with one byte changed. Plain random bytes too.
 */
const fieldNumber = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 7 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 15, 16, 2047, 2 ** 29 - 1) },
);
const varintPayload = fc.oneof(
  fc.integer({ min: 0, max: 300 }).map((n) => varint(n)),
  int32.map((n) => varint(n)),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => varint(n)),
  // non-minimal: padded with 0x80 bytes up to 11 bytes long
  fc.tuple(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 1, max: 10 })).map(([n, pad]) =>
    Buffer.from([
      ...Array(pad)
        .fill(0x80)
        .map((b, i) => (i ? b : b | n)),
      0,
    ]),
  ),
);
const { message: messageBytes } = fc.letrec<{ message: Buffer; field: Buffer }>((tie) => ({
  message: fc
    .array(tie("field"), { maxLength: 6, depthIdentifier: "message" })
    .map((fields) => Buffer.concat(fields)),
  field: fc.oneof(
    { depthSize: "small", depthIdentifier: "message" },
    fc.tuple(fieldNumber, varintPayload).map(([f, v]) => bytes(tag(f, 0), v)),
    fc.tuple(fieldNumber, text).map(([f, s]) => stringField(f, s)),
    fc
      .tuple(fieldNumber, fc.uint8Array({ maxLength: 12 }))
      .map(([f, b]) => bytes(tag(f, 2), varint(b.length), Buffer.from(b))),
    fc.tuple(fieldNumber, tie("message")).map(([f, m]) => lenField(f, m)),
    fc
      .tuple(fieldNumber, fc.uint8Array({ minLength: 8, maxLength: 8 }))
      .map(([f, b]) => bytes(tag(f, 1), Buffer.from(b))),
    fc
      .tuple(fieldNumber, fc.uint8Array({ minLength: 4, maxLength: 4 }))
      .map(([f, b]) => bytes(tag(f, 5), Buffer.from(b))),
    fc
      .tuple(fieldNumber, tie("message"), fc.boolean())
      .map(([f, m, matching]) => bytes(tag(f, 3), m, tag(matching ? f : f + 1, 4))),
    fc
      .tuple(fieldNumber, fc.integer({ min: 0, max: 7 }), fc.uint8Array({ maxLength: 10 }))
      .map(([f, w, b]) => bytes(tag(f, w), Buffer.from(b))),
  ),
}));
const nearlyValidBytes = fc.oneof(
  messageBytes,
  requestArbitrary.map(serialize),
  fc.tuple(messageBytes, fc.nat()).map(([b, cut]) => b.subarray(0, b.length ? cut % b.length : 0)),
  fc.tuple(messageBytes, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([b, at, value]) => {
    const changed = Buffer.from(b);
    if (changed.length) changed[at % changed.length] = value;
    return changed;
  }),
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
);

// ---- the tests -------------------------------------------------------------------------------

describe("the EstimateRequest decoder", () => {
  it("decodes every request exactly as proto-loader's deserializer does", () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        expectSameAsProtoLoader(serialize(request));
      }),
      { numRuns: 500 },
    );
  });

  it("gives all defaults and null sub-messages for an empty buffer", () => {
    expect(expectSameAsProtoLoader(Buffer.alloc(0))).toStrictEqual({
      sku: "",
      quantity: 0,
      destination: null,
      at: null,
      locale: "",
      cartValue: null,
      confidence: "CONFIDENCE_STANDARD",
    });
  });

  it("decodes the product-page request and negative int32 and int64 values", () => {
    const encoded = serialize({
      sku: "SKU-MUG-001",
      quantity: -1,
      destination: { countryCode: "TH", postalCode: "10110" },
      at: { seconds: -(2 ** 53 - 1), nanos: -5 },
      locale: "th-TH",
      cartValue: { currencyCode: "THB", units: -2, nanos: -500_000_000 },
    });
    expect(expectSameAsProtoLoader(encoded)).toStrictEqual({
      sku: "SKU-MUG-001",
      quantity: -1,
      destination: { countryCode: "TH", postalCode: "10110", province: "", coordinates: null },
      at: { seconds: -(2 ** 53 - 1), nanos: -5 },
      locale: "th-TH",
      cartValue: { currencyCode: "THB", units: -2, nanos: -500_000_000 },
      confidence: "CONFIDENCE_STANDARD",
    });
  });

  it("decodes HIGH confidence, and an unknown confidence number as that number", () => {
    expect(expectSameAsProtoLoader(Buffer.from([7 << 3, 1]))).toMatchObject({
      confidence: "CONFIDENCE_HIGH",
    });
    expect(expectSameAsProtoLoader(Buffer.from([7 << 3, 9]))).toMatchObject({ confidence: 9 });
  });

  it("keeps the last occurrence of a repeated field and replaces sub-messages without merging", () => {
    const encoded = bytes(
      stringField(1, "first"),
      varintField(2, 5),
      lenField(3, bytes(stringField(1, "TH"), stringField(2, "10110"))),
      lenField(4, varintField(1, 100)),
      stringField(1, "second"),
      varintField(2, 7),
      lenField(3, stringField(3, "Bangkok")),
      lenField(4, varintField(2, 9)),
      lenField(6, bytes(stringField(1, "THB"), varintField(2, 3))),
      lenField(6, varintField(3, 1)),
    );
    expect(expectSameAsProtoLoader(encoded)).toStrictEqual({
      sku: "second",
      quantity: 7,
      destination: { countryCode: "", postalCode: "", province: "Bangkok", coordinates: null },
      at: { seconds: 0, nanos: 9 },
      locale: "",
      cartValue: { currencyCode: "", units: 0, nanos: 1 },
      confidence: "CONFIDENCE_STANDARD",
    });
  });

  it("skips unknown fields of every wire type, groups and field numbers above 15 included", () => {
    const unknown = (field: number) =>
      bytes(
        varintField(field, 2n ** 64n - 1n),
        tag(field, 1),
        [1, 2, 3, 4, 5, 6, 7, 8],
        lenField(field, Buffer.from([0xff, 0x00, 0x07])),
        tag(field, 3),
        varintField(1, 1),
        tag(field + 1, 3),
        stringField(2, "nested group"),
        tag(field + 1, 4),
        tag(field, 4),
        tag(field, 5),
        [9, 9, 9, 9],
      );
    const encoded = bytes(
      unknown(8),
      stringField(1, "SKU-MUG-001"),
      unknown(16),
      lenField(3, bytes(unknown(4), stringField(1, "TH"), unknown(2047))),
      lenField(4, bytes(unknown(3), varintField(1, 1_795_676_400), unknown(100))),
      lenField(6, bytes(unknown(4), varintField(2, 40), unknown(2 ** 29 - 2))),
      unknown(2 ** 29 - 2),
      stringField(5, "th-TH"),
    );
    expect(expectSameAsProtoLoader(encoded)).toStrictEqual({
      sku: "SKU-MUG-001",
      quantity: 0,
      destination: { countryCode: "TH", postalCode: "", province: "", coordinates: null },
      at: { seconds: 1_795_676_400, nanos: 0 },
      locale: "th-TH",
      cartValue: { currencyCode: "", units: 40, nanos: 0 },
      confidence: "CONFIDENCE_STANDARD",
    });
  });

  it("throws for a truncated message and agrees with proto-loader on every prefix it accepts", () => {
    const encoded = serialize({
      sku: "SKU-MUG-001",
      quantity: -3,
      destination: { countryCode: "TH", postalCode: "10110" },
      at: { seconds: 1_795_676_400, nanos: 1 },
      locale: "th-TH",
      cartValue: { currencyCode: "THB", units: 2 ** 40, nanos: 7 },
    });
    expect(() => decodeEstimateRequest(encoded.subarray(0, 5))).toThrow(/truncated|past the end/);
    expect(() => decodeEstimateRequest(encoded.subarray(0, encoded.length - 1))).toThrow();
    let accepted = 0;
    for (let cut = 0; cut <= encoded.length; cut++) {
      const prefix = encoded.subarray(0, cut);
      let ours: unknown;
      try {
        ours = decodeEstimateRequest(prefix);
      } catch {
        continue;
      }
      accepted++;
      expect(ours).toStrictEqual(protoLoaderDecode(prefix));
    }
    // only the cuts between top-level fields decode: 0 plus one per field
    expect(accepted).toBe(7);
  });

  it("decodes coordinates and max_pickup_stores (field 40) as proto-loader does", () => {
    const point = Buffer.alloc(18);
    point[0] = tag(1, 1)[0]!;
    point.writeDoubleLE(13.7462, 1);
    point[9] = tag(2, 1)[0]!;
    point.writeDoubleLE(100.5347, 10);
    const encoded = bytes(
      lenField(3, bytes(stringField(1, "TH"), lenField(40, point))),
      varintField(40, 5),
    );
    expect(expectSameAsProtoLoader(encoded)).toMatchObject({
      destination: { countryCode: "TH", coordinates: { latitude: 13.7462, longitude: 100.5347 } },
      maxPickupStores: 5,
      _maxPickupStores: "maxPickupStores",
    });
  });

  it("throws for a known field with the wrong wire type", () => {
    expect(() => decodeEstimateRequest(varintField(1, 3))).toThrow(/wire type 0 for field 1/);
    expect(() => decodeEstimateRequest(stringField(2, "x"))).toThrow(/wire type 2 for field 2/);
    expect(() => decodeEstimateRequest(varintField(3, 0))).toThrow(/wire type 0 for field 3/);
    expect(() => decodeEstimateRequest(bytes(tag(6, 5), [0, 0, 0, 0]))).toThrow(/wire type 5/);
    expect(() => decodeEstimateRequest(lenField(4, stringField(1, "1")))).toThrow(/field 1/);
    expect(() => decodeEstimateRequest(lenField(6, bytes(tag(3, 1), Buffer.alloc(8))))).toThrow(
      /wire type 1 for field 3/,
    );
  });

  it("throws for wire types 6 and 7 and for a stray or mismatched end-group tag", () => {
    expect(() => decodeEstimateRequest(bytes(tag(9, 7), [0]))).toThrow(/wire type 7/);
    expect(() => decodeEstimateRequest(bytes(tag(1, 7)))).toThrow(/wire type 7/);
    expect(() => decodeEstimateRequest(bytes(tag(9, 6), [0]))).toThrow(/wire type 6/);
    expect(() => decodeEstimateRequest(lenField(3, bytes(tag(9, 7), [0])))).toThrow(/wire type 7/);
    expect(() => decodeEstimateRequest(tag(9, 4))).toThrow(/wire type 4/);
    expect(() => decodeEstimateRequest(bytes(tag(9, 3), tag(8, 4)))).toThrow(/end-group/);
    expect(() => decodeEstimateRequest(bytes(tag(9, 3), varintField(1, 1)))).toThrow(/truncated/);
  });

  it("throws for field number 0, over-long varints and lengths past the end", () => {
    expect(() => decodeEstimateRequest(Buffer.from([0x00, 0x01]))).toThrow(/field number 0/);
    const elevenBytes = bytes(Array(10).fill(0xff), [0x01]);
    expect(() => decodeEstimateRequest(bytes(tag(2, 0), elevenBytes))).toThrow(/10 bytes/);
    expect(() => decodeEstimateRequest(bytes(tag(9, 0), elevenBytes))).toThrow(/10 bytes/);
    expect(() => decodeEstimateRequest(lenField(4, bytes(tag(1, 0), elevenBytes)))).toThrow(
      /10 bytes/,
    );
    expect(() => decodeEstimateRequest(bytes(tag(1, 2), [5], Buffer.from("abc")))).toThrow(
      /past the end/,
    );
    // a sub-message whose string runs past the sub-message's own end
    expect(() =>
      decodeEstimateRequest(bytes(tag(3, 2), [3], tag(1, 2), [4], [0x54, 0x48, 0x54, 0x48])),
    ).toThrow(/past the end/);
    // protobufjs reads a 32-bit varint of more than 5 bytes as 10 bytes, whatever they say
    expect(() =>
      decodeEstimateRequest(bytes(tag(2, 0), [0x81, 0x80, 0x80, 0x80, 0x80, 0x00])),
    ).toThrow(/6 bytes/);
  });

  it("never accepts bytes proto-loader rejects, and then decodes them the same", () => {
    let accepted = 0;
    fc.assert(
      fc.property(nearlyValidBytes, (encoded) => {
        let ours: unknown;
        try {
          ours = decodeEstimateRequest(encoded);
        } catch {
          return;
        }
        accepted++;
        const theirs = protoLoaderDecode(encoded);
        expect(ours).toStrictEqual(theirs);
        expect(keyPaths(ours)).toEqual(keyPaths(theirs));
      }),
      { numRuns: 2000 },
    );
    // the property says something: a fair share of the inputs decode
    expect(accepted).toBeGreaterThan(200);
  });

  it("is Estimate's request deserializer, and a guarded definition turns its throws into UndecodableRequest", () => {
    const definition = withEstimateEncoders(service);
    expect(definition.Estimate.requestDeserialize).toBe(decodeEstimateRequest);
    expect(definition.EstimateBatch.requestDeserialize).toBe(
      service.EstimateBatch.requestDeserialize,
    );
    const guarded = guardRequestDecoding(definition);
    expect(guarded.Estimate.requestDeserialize(stringField(1, "SKU-MUG-001"))).toMatchObject({
      sku: "SKU-MUG-001",
    });
    expect(guarded.Estimate.requestDeserialize(bytes(tag(1, 7)))).toBeInstanceOf(
      UndecodableRequest,
    );
  });
});
