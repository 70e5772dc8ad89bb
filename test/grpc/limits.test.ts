import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DomainError } from "../../src/domain/domain-error.js";
import { deadlineMsOf } from "../../src/grpc/deadline.js";
import { SimulationSlots } from "../../src/grpc/simulation-slots.js";
import { CallStats } from "../../src/observability/call-stats.js";
import {
  ADMIN_TOKEN,
  bearer,
  encodeRequest,
  type HardenedServer,
  rawClient,
  rawUnary,
  startHardened,
} from "./hardening-helpers.js";

const ESTIMATE = "/promise.v1.PromiseService/Estimate";
const SET_CAPACITY = "/promise.v1.AdminService/SetCapacity";

const estimateOf = (sku: string) =>
  encodeRequest(ESTIMATE, {
    sku,
    quantity: 1,
    destination: { countryCode: "TH", postalCode: "10110" },
  });

/**
 * Stands for a server too busy to start a call in time: for calls marked `x-test-busy`, before the
 * service's own interceptors see the end of the request, it holds the event loop until the call's
 * deadline has passed (so grpc-js's own deadline timer cannot fire first).
 */
const busyUntilDeadline: grpc.ServerInterceptor = (_method, call) => {
  let busy = false;
  return new grpc.ServerInterceptingCall(call, {
    start(next) {
      next({
        onReceiveMetadata(metadata, nextMetadata) {
          busy = metadata.get("x-test-busy").length > 0;
          nextMetadata(metadata);
        },
        onReceiveHalfClose(nextHalfClose) {
          const deadline = deadlineMsOf(call);
          if (busy && Number.isFinite(deadline)) while (Date.now() <= deadline) {}
          nextHalfClose();
        },
      });
    },
  });
};

function withRequestId(id: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set("x-request-id", id);
  return metadata;
}

describe("message size", () => {
  let s: HardenedServer;
  let client: grpc.Client;
  beforeAll(async () => {
    s = await startHardened({ env: { PROMISE_MAX_RECEIVE_MESSAGE_BYTES: "1024" } });
    client = rawClient(s.publicAddress);
  });
  afterAll(async () => {
    client.close();
    await s.stop();
  });

  it("refuses a request larger than PROMISE_MAX_RECEIVE_MESSAGE_BYTES with RESOURCE_EXHAUSTED", async () => {
    expect((await rawUnary(client, ESTIMATE, estimateOf("SKU-A"))).code).toBe(grpc.status.OK);
    const big = await rawUnary(
      client,
      ESTIMATE,
      estimateOf("S".repeat(2000)),
      withRequestId("too-big"),
    );
    expect(big.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it("logs and counts the oversized request as RESOURCE_EXHAUSTED, not as a cancelled call", async () => {
    await rawUnary(client, ESTIMATE, estimateOf("S".repeat(2000)), withRequestId("too-big-2"));
    // The call log line is written after the reply: wait for it rather than for a fixed time.
    await vi.waitFor(() => {
      const lines = s.log.withMsg("call").filter((l) => l["requestId"] === "too-big-2");
      expect(lines).toEqual([
        expect.objectContaining({
          status: "RESOURCE_EXHAUSTED",
          grpcCode: grpc.status.RESOURCE_EXHAUSTED,
          level: 40,
        }),
      ]);
    });
  });
});

describe("deadlines", () => {
  let s: HardenedServer;
  let client: grpc.Client;
  const stats = new CallStats();
  beforeAll(async () => {
    s = await startHardened({ interceptors: [busyUntilDeadline], stats });
    client = rawClient(s.publicAddress);
  });
  afterAll(async () => {
    client.close();
    await s.stop();
  });

  const setCapacity = () => encodeRequest(SET_CAPACITY, { warehouseId: "bkk", dailyCapacity: 1 });

  it("runs no handler for a call whose deadline passed before it could start", async () => {
    const capacityVersion = s.live.capacity.version;
    const metadata = bearer(ADMIN_TOKEN);
    metadata.set("x-test-busy", "1");
    const reply = await rawUnary(client, SET_CAPACITY, setCapacity(), metadata, 200);
    expect(reply.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(s.services.ran).toEqual([]);
    expect(s.live.capacity.version).toBe(capacityVersion);
    expect(stats.count("promise.v1.AdminService/SetCapacity", grpc.status.DEADLINE_EXCEEDED)).toBe(
      1,
    );
    expect(s.log.withMsg("call").at(-1)).toMatchObject({
      method: "promise.v1.AdminService/SetCapacity",
      status: "DEADLINE_EXCEEDED",
    });
  });

  it("runs the handler of the same call when its deadline is still ahead", async () => {
    const reply = await rawUnary(client, SET_CAPACITY, setCapacity(), bearer(ADMIN_TOKEN), 10_000);
    expect(reply.code).toBe(grpc.status.OK);
    expect(s.services.ran).toEqual(["SetCapacity"]);
  });
});

describe("undecodable requests", () => {
  let s: HardenedServer;
  let client: grpc.Client;
  beforeAll(async () => {
    s = await startHardened();
    client = rawClient(s.publicAddress);
  });
  afterAll(async () => {
    client.close();
    await s.stop();
  });

  it("answers INVALID_ARGUMENT (not INTERNAL) and runs no handler", async () => {
    // the tag of a varint field 1, then nothing: a truncated message
    const garbage = Buffer.from([0x08]);
    const reply = await rawUnary(client, SET_CAPACITY, garbage, bearer(ADMIN_TOKEN));
    expect(reply.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(reply.details).toBe("the request is not a valid protobuf message");
    expect(s.services.ran).toEqual([]);
    expect((await rawUnary(client, ESTIMATE, garbage)).code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it("answers INVALID_ARGUMENT for a string that declares more bytes than the message has, not an Estimate for its first byte", async () => {
    // field 1 (sku), length 100, then one byte "A": protobufjs alone would read sku "A"
    const reply = await rawUnary(client, ESTIMATE, Buffer.from([0x0a, 0x64, 0x41]));
    expect(reply.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(reply.details).toBe("the request is not a valid protobuf message");
    expect(s.services.ran).toEqual([]);
  });
});

describe("SimulationSlots", () => {
  it("hands out at most `limit` slots and takes each back once", () => {
    const slots = new SimulationSlots(2);
    const first = slots.acquire();
    const second = slots.acquire();
    expect(slots.running).toBe(2);
    expect(slots.tryAcquire()).toBeUndefined();
    let refusal: unknown;
    try {
      slots.acquire();
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).kind).toBe("RESOURCE_EXHAUSTED");
    first();
    first();
    expect(slots.running).toBe(1);
    const third = slots.acquire();
    expect(slots.running).toBe(2);
    second();
    third();
    expect(slots.running).toBe(0);
  });
});
