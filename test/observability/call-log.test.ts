import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  encodeRequest,
  type HardenedServer,
  rawClient,
  rawUnary,
  startHardened,
} from "../grpc/hardening-helpers.js";

const ESTIMATE = "/promise.v1.PromiseService/Estimate";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const estimateOf = (sku: string) =>
  encodeRequest(ESTIMATE, {
    sku,
    quantity: 1,
    destination: { countryCode: "TH", postalCode: "10110" },
  });

function withRequestId(id: string): grpc.Metadata {
  const m = new grpc.Metadata();
  m.set("x-request-id", id);
  return m;
}

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

const callLines = (requestId: string) =>
  s.log.withMsg("call").filter((l) => l["requestId"] === requestId);

describe("one log line per call", () => {
  it("logs method, status, duration and the caller's request id, and echoes the id", async () => {
    const reply = await rawUnary(client, ESTIMATE, estimateOf("SKU-A"), withRequestId("req-42"));
    expect(reply.code).toBe(grpc.status.OK);
    expect(reply.metadata.get("x-request-id")).toEqual(["req-42"]);
    const lines = callLines("req-42");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: "call",
      method: "promise.v1.PromiseService/Estimate",
      status: "OK",
      grpcCode: 0,
      requestId: "req-42",
    });
    expect(typeof lines[0]!["durationMs"]).toBe("number");
    expect(lines[0]!["durationMs"] as number).toBeGreaterThanOrEqual(0);
  });

  it("makes a request id when the caller sends none (or an unusable one), and echoes it", async () => {
    for (const metadata of [
      new grpc.Metadata(),
      withRequestId("has spaces"),
      withRequestId("x".repeat(200)),
    ]) {
      const reply = await rawUnary(client, ESTIMATE, estimateOf("SKU-A"), metadata);
      const [id] = reply.metadata.get("x-request-id");
      expect(String(id)).toMatch(UUID);
      expect(callLines(String(id))).toHaveLength(1);
    }
  });

  it("echoes the request id with an error status and logs the status", async () => {
    const reply = await rawUnary(
      client,
      ESTIMATE,
      estimateOf("NO-SUCH-SKU"),
      withRequestId("req-404"),
    );
    expect(reply.code).toBe(grpc.status.NOT_FOUND);
    expect(reply.metadata.get("x-request-id")).toEqual(["req-404"]);
    // the handler's own trailer survives next to it
    expect(reply.metadata.get("promise-field")).toEqual(["sku"]);
    expect(callLines("req-404")).toEqual([
      expect.objectContaining({ status: "NOT_FOUND", grpcCode: grpc.status.NOT_FOUND, level: 30 }),
    ]);
  });
});
