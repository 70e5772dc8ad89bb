import type * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import type { PromiseEvent } from "../../src/events/promise-event-store.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { encodePromiseEvent } from "../../src/grpc/promise-event-encoder.js";
import { toProtoEvent } from "../../src/grpc/promise-events-handlers.js";

const method = loadProto().proto.promise.v1.AdminService.service
  .WatchPromiseEvents as grpc.MethodDefinition<object, object>;

const events: PromiseEvent[] = [
  {
    seq: 1,
    promiseId: "p-1",
    kind: "CONFIRMED",
    status: "confirmed",
    risk: null,
    atMs: Date.parse("2026-11-25T03:00:00.123Z"),
  },
  {
    seq: 9_007_199_254_740_991,
    promiseId: "ปลายทาง-2",
    kind: "AT_RISK",
    status: "confirmed",
    risk: {
      status: "AT_RISK",
      reasons: ["STOCK_SHORT", "CAPACITY_CUT"],
      expectedEarliest: "",
      expectedLatest: "",
      sinceMs: Date.parse("2026-11-25T04:00:00Z"),
    },
    atMs: Date.parse("2026-11-25T04:00:00Z"),
  },
  {
    seq: 300,
    promiseId: "x".repeat(200),
    kind: "BROKEN",
    status: "delivered",
    risk: {
      status: "BROKEN",
      reasons: ["SHIPPED_LATE", "CARRIER_DELAY"],
      expectedEarliest: "2026-11-27",
      expectedLatest: "2026-11-27",
      sinceMs: 0,
    },
    atMs: -1_500,
  },
];

describe("encodePromiseEvent", () => {
  it.each(events.map((e) => [e.kind, e] as const))(
    "encodes a %s event as proto-loader decodes the proto object of it",
    (_kind, e) => {
      const ours = method.responseDeserialize(encodePromiseEvent(e));
      const theirs = method.responseDeserialize(method.responseSerialize(toProtoEvent(e)));
      // (Not byte for byte: protobufjs also writes the empty strings and zero nanos it was given.)
      expect(ours).toEqual(theirs);
    },
  );
});
