import { describe, expect, it } from "vitest";
import { guardRequestDecoding } from "../../src/grpc/guard-request-decoding.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { estimateScopeOf } from "../../src/grpc/promise-service.js";
import { deepFreeze, RepeatedRequests } from "../../src/grpc/repeated-requests.js";
import { OversizedString } from "../../src/grpc/request-string-limits.js";
import { encodeRequest } from "./hardening-helpers.js";

const ESTIMATE = "/promise.v1.PromiseService/Estimate";
const BATCH = "/promise.v1.PromiseService/EstimateBatch";

/** A decoder that counts its calls and answers a fresh object per call. */
function counting() {
  let calls = 0;
  const decode = (bytes: Buffer) => {
    calls++;
    return { text: bytes.toString("latin1"), inner: { list: [1, 2] } };
  };
  return { decode, calls: () => calls };
}

const always = () => true;

describe("RepeatedRequests", () => {
  it("keeps a request seen twice in a row at its slot: the third call gets the second's deep-frozen object", () => {
    const memo = new RepeatedRequests<object>();
    const d = counting();
    const first = memo.decode(Buffer.from("abc"), d.decode, always);
    const second = memo.decode(Buffer.from("abc"), d.decode, always);
    const third = memo.decode(Buffer.from("abc"), d.decode, always);
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    expect(d.calls()).toBe(2);
    expect(Object.isFrozen(first)).toBe(false);
    expect(Object.isFrozen(third)).toBe(true);
    expect(Object.isFrozen((third as { inner: object }).inner)).toBe(true);
    expect(Object.isFrozen((third as { inner: { list: number[] } }).inner.list)).toBe(true);
    expect([memo.hits, memo.misses]).toEqual([1, 2]);
  });

  it("keeps nothing from a stream of distinct requests (each seen once)", () => {
    const memo = new RepeatedRequests<object>(1);
    const d = counting();
    for (const text of ["a", "b", "c", "a", "b", "c"])
      memo.decode(Buffer.from(text), d.decode, always);
    expect(d.calls()).toBe(6);
    expect(memo.hits).toBe(0);
  });

  it("keeps a hot request while distinct requests miss at its slot", () => {
    const memo = new RepeatedRequests<object>(1);
    const d = counting();
    memo.decode(Buffer.from("hot"), d.decode, always);
    const kept = memo.decode(Buffer.from("hot"), d.decode, always);
    for (const text of ["x", "y", "z"]) memo.decode(Buffer.from(text), d.decode, always);
    expect(memo.decode(Buffer.from("hot"), d.decode, always)).toBe(kept);
    expect(d.calls()).toBe(5);
  });

  it("decodes bytes that differ in one byte again", () => {
    const memo = new RepeatedRequests<object>();
    const d = counting();
    const a = memo.decode(Buffer.from("abc"), d.decode, always);
    const b = memo.decode(Buffer.from("abd"), d.decode, always);
    expect(b).not.toBe(a);
    expect(b).toEqual({ text: "abd", inner: { list: [1, 2] } });
    expect(d.calls()).toBe(2);
  });

  it("keeps no result that keep refuses, so a refusal is decoded on every call", () => {
    const memo = new RepeatedRequests<object>();
    const d = counting();
    for (let i = 0; i < 3; i++) memo.decode(Buffer.from("abc"), d.decode, () => false);
    expect(d.calls()).toBe(3);
  });

  it("never keeps a request longer than maxBytes", () => {
    const memo = new RepeatedRequests<object>(16, 4);
    const d = counting();
    for (let i = 0; i < 3; i++) memo.decode(Buffer.from("abcde"), d.decode, always);
    expect(d.calls()).toBe(3);
    for (let i = 0; i < 3; i++) memo.decode(Buffer.from("abcd"), d.decode, always);
    expect(d.calls()).toBe(5);
  });

  it("holds one request per slot: with one slot, two alternating requests are decoded every time", () => {
    const memo = new RepeatedRequests<object>(1);
    const d = counting();
    for (const text of ["a", "b", "a", "b"]) {
      expect(memo.decode(Buffer.from(text), d.decode, always)).toEqual({
        text,
        inner: { list: [1, 2] },
      });
    }
    expect(d.calls()).toBe(4);
  });

  it("keeps a copy of the bytes, so reusing the caller's buffer cannot match the old request", () => {
    const memo = new RepeatedRequests<object>();
    const d = counting();
    const buffer = Buffer.from("abc");
    memo.decode(buffer, d.decode, always);
    memo.decode(buffer, d.decode, always);
    buffer.write("xyz");
    expect(memo.decode(buffer, d.decode, always)).toEqual({ text: "xyz", inner: { list: [1, 2] } });
    expect(memo.decode(Buffer.from("abc"), d.decode, always)).toEqual({
      text: "abc",
      inner: { list: [1, 2] },
    });
    expect(d.calls()).toBe(3);
  });

  it("refuses a slot count that is not a power of two", () => {
    expect(() => new RepeatedRequests<object>(1000)).toThrow(
      "slots must be a power of two, got 1000",
    );
  });

  it("deepFreeze leaves byte fields unfrozen (a typed array with elements cannot be frozen)", () => {
    const value = deepFreeze({ bytes: Buffer.from("ab"), list: [{ x: 1 }] });
    expect(Object.isFrozen(value.list[0])).toBe(true);
    expect(Object.isFrozen(value.bytes)).toBe(false);
  });
});

describe("guarded decoding of a repeated method", () => {
  const service = loadProto().proto.promise.v1.PromiseService.service;
  const request = {
    sku: "SKU-A",
    quantity: 2,
    destination: { countryCode: "TH", postalCode: "10110" },
    locale: "th-TH",
  };

  it("hands Estimate the same frozen request for the same bytes from their second call on, equal to a fresh decode", () => {
    const guarded = guardRequestDecoding(service);
    const bytes = encodeRequest(ESTIMATE, request);
    guarded.Estimate.requestDeserialize(bytes);
    const second = guarded.Estimate.requestDeserialize(Buffer.from(bytes));
    const third = guarded.Estimate.requestDeserialize(Buffer.from(bytes));
    expect(third).toBe(second);
    expect(Object.isFrozen(second)).toBe(true);
    expect(second).toEqual(service.Estimate.requestDeserialize(bytes));
  });

  it("decodes every EstimateBatch request anew (not a repeated method)", () => {
    const guarded = guardRequestDecoding(service);
    const bytes = encodeRequest(BATCH, { items: [{ sku: "SKU-A", quantity: 1 }] });
    const first = guarded.EstimateBatch.requestDeserialize(bytes);
    guarded.EstimateBatch.requestDeserialize(bytes);
    expect(guarded.EstimateBatch.requestDeserialize(bytes)).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(false);
  });

  it("refuses an over-long string on every call, never keeping the refusal", () => {
    const guarded = guardRequestDecoding(service);
    const bytes = encodeRequest(ESTIMATE, { ...request, sku: "S".repeat(200) });
    guarded.Estimate.requestDeserialize(bytes);
    const first = guarded.Estimate.requestDeserialize(bytes);
    const second = guarded.Estimate.requestDeserialize(bytes);
    expect(first).toBeInstanceOf(OversizedString);
    expect(second).toBeInstanceOf(OversizedString);
    expect(second).not.toBe(first);
  });
});

describe("estimateScopeOf", () => {
  const request = loadProto().proto.promise.v1.PromiseService.service.Estimate.requestDeserialize(
    encodeRequest(ESTIMATE, {
      sku: "SKU-A",
      quantity: 1,
      destination: { countryCode: "TH", postalCode: "10110" },
      locale: "en",
      at: { seconds: 1_795_000_000, nanos: 5_000_000 },
      cartValue: { currencyCode: "THB", units: 12, nanos: 500_000_000 },
    }),
  ) as Parameters<typeof estimateScopeOf>[0];

  it("keeps one frozen scope for a frozen request", () => {
    const frozen = deepFreeze(structuredClone(request));
    const scope = estimateScopeOf(frozen);
    expect(estimateScopeOf(frozen)).toBe(scope);
    expect(Object.isFrozen(scope)).toBe(true);
    expect(scope.atMs).toBe(1_795_000_000_005);
    expect(scope.cartValue).toEqual({ currency: "THB", cents: 1250 });
  });

  it("works out a new scope on every call for a request that is not frozen", () => {
    const scope = estimateScopeOf(request);
    const again = estimateScopeOf(request);
    expect(again).not.toBe(scope);
    expect(again).toEqual(scope);
    expect(Object.isFrozen(scope)).toBe(false);
  });
});
