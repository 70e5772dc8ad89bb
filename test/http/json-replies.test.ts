import { fromBinary, toJsonString } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EstimateResponseSchema } from "../../packages/client/src/generated/promise/v1/promise_pb.js";
import { encodePickupOptions } from "../../src/grpc/estimate-encoder.js";
import type { EstimateResponse } from "../../src/grpc/generated/promise/v1/EstimateResponse.js";
import type { PickupOption } from "../../src/grpc/generated/promise/v1/PickupOption.js";
import {
  estimateBytes,
  markReusable,
  withPickupOptions,
} from "../../src/grpc/memoized-encoding.js";
import { appendMembers, JsonReplies } from "../../src/http/json-replies.js";

/** A cached estimate as the Estimator keeps it: one Kerry option at 40 THB, order by 14:00. */
function cachedEstimate(): EstimateResponse {
  const reply: EstimateResponse = {
    sku: "SKU-A",
    quantity: 2,
    options: [
      {
        serviceId: "kerry-express",
        serviceName: "Kerry Express next day",
        shipFromWarehouse: "bkk",
        deliveryEarliest: "2026-11-27",
        deliveryLatest: "2026-11-27",
        // 2026-11-26T07:00:00Z
        orderBy: { seconds: 1_795_676_400, nanos: 0 },
        price: { currencyCode: "THB", units: 40, nanos: 0 },
        deliveryLabel: "ศุกร์ 27 พ.ย.",
      },
    ],
  };
  markReusable(reply);
  return reply;
}

/** Siam Paragon, ready 14:30 Bangkok time on Thursday 26 Nov. */
const SIAM: PickupOption = {
  storeId: "bkk-siam",
  storeName: "Siam Paragon branch",
  // 2026-11-26T07:30:00Z
  readyAt: { seconds: 1_795_678_200, nanos: 0 },
  readyLabel: "พร้อมรับวันนี้ 14:30",
  readyDate: "2026-11-26",
  price: { currencyCode: "THB", units: 0, nanos: 0 },
};

const desc = EstimateResponseSchema;
/** protobuf-es's own JSON of an encoded EstimateResponse (what connect-node sends). */
const libraryJson = (bytes: Uint8Array) => toJsonString(desc, fromBinary(desc, bytes));

describe("the JSON of unary replies over Connect", () => {
  it("is protobuf-es's JSON of the reply, kept with a cached estimate and sent again as the same bytes", () => {
    const replies = new JsonReplies();
    const reply = cachedEstimate();
    const first = replies.encode(desc, reply, estimateBytes(reply));
    expect(JSON.parse(first.toString())).toEqual({
      sku: "SKU-A",
      quantity: 2,
      options: [
        {
          serviceId: "kerry-express",
          serviceName: "Kerry Express next day",
          shipFromWarehouse: "bkk",
          deliveryEarliest: "2026-11-27",
          deliveryLatest: "2026-11-27",
          orderBy: "2026-11-26T07:00:00Z",
          price: { currencyCode: "THB", units: "40" },
          deliveryLabel: "ศุกร์ 27 พ.ย.",
        },
      ],
    });
    expect(first.toString()).toBe(libraryJson(estimateBytes(reply)));
    expect(replies.encode(desc, reply, estimateBytes(reply))).toBe(first);
  });

  it("encodes a reply that is not kept (not marked reusable) afresh each time", () => {
    const replies = new JsonReplies();
    const reply: EstimateResponse = { sku: "SKU-B", quantity: 1, options: [] };
    const bytes = estimateBytes(reply);
    const first = replies.encode(desc, reply, bytes);
    expect(first.toString()).toBe('{"sku":"SKU-B","quantity":1}');
    expect(replies.encode(desc, reply, bytes)).not.toBe(first);
  });

  it("appends this request's pick-up options to the cached base's JSON: the whole reply's JSON, member for member", () => {
    const replies = new JsonReplies();
    const base = cachedEstimate();
    const pickupBytes = encodePickupOptions([SIAM]);
    const reply = withPickupOptions(base, [SIAM], pickupBytes);
    const bytes = estimateBytes(reply);
    const json = replies.encode(desc, reply, bytes).toString();
    expect(JSON.parse(json)).toEqual(JSON.parse(libraryJson(bytes)));
    expect(JSON.parse(json).pickupOptions).toEqual([
      {
        storeId: "bkk-siam",
        storeName: "Siam Paragon branch",
        readyAt: "2026-11-26T07:30:00Z",
        readyLabel: "พร้อมรับวันนี้ 14:30",
        readyDate: "2026-11-26",
        price: { currencyCode: "THB" },
      },
    ]);
    // not reused (not marked): spliced again next time, to the same JSON
    expect(replies.encode(desc, reply, bytes)).not.toBe(replies.encode(desc, reply, bytes));
    // reused while its pick-ups hold (marked): kept as it is
    markReusable(reply);
    const kept = replies.encode(desc, reply, bytes);
    expect(replies.encode(desc, reply, bytes)).toBe(kept);
    expect(kept.toString()).toBe(json);
    // the base's JSON alone is still the cached estimate's
    expect(replies.encode(desc, base, estimateBytes(base)).toString()).toBe(
      libraryJson(estimateBytes(base)),
    );
  });
});

describe("appendMembers", () => {
  it("joins two JSON objects' members, and leaves either alone when the other is empty", () => {
    const a = Buffer.from('{"a":1}');
    const b = Buffer.from('{"b":[2]}');
    expect(appendMembers(a, b).toString()).toBe('{"a":1,"b":[2]}');
    expect(appendMembers(a, Buffer.from("{}"))).toBe(a);
    expect(appendMembers(Buffer.from("{}"), b)).toBe(b);
  });

  it("refuses anything but two JSON objects", () => {
    expect(() => appendMembers(Buffer.from("[1]"), Buffer.from("{}"))).toThrow(
      "appendMembers: both must be JSON objects",
    );
  });
});
