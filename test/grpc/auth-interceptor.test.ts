import * as grpc from "@grpc/grpc-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AccessTokens } from "../../src/grpc/access-tokens.js";
import {
  ADMIN_TOKEN,
  bearer,
  encodeRequest,
  type HardenedServer,
  PLANNER_TOKEN,
  rawClient,
  rawServerStream,
  rawUnary,
  startHardened,
} from "./hardening-helpers.js";

const SET_CAPACITY = "/promise.v1.AdminService/SetCapacity";
const UPSERT_STOCK = "/promise.v1.AdminService/UpsertStock";
const SIMULATE = "/promise.v1.PeakPlannerService/Simulate";
const ESTIMATE = "/promise.v1.PromiseService/Estimate";

const setCapacity = () => encodeRequest(SET_CAPACITY, { warehouseId: "bkk", dailyCapacity: 5 });
const simulate = () => encodeRequest(SIMULATE, { scenarioYaml: "x: 1" });
const estimate = () =>
  encodeRequest(ESTIMATE, {
    sku: "SKU-A",
    quantity: 1,
    destination: { countryCode: "TH", postalCode: "10110" },
  });

function metadataWith(key: string, value: string): grpc.Metadata {
  const m = new grpc.Metadata();
  m.set(key, value);
  return m;
}

describe("AccessTokens", () => {
  const tokens = AccessTokens.of([
    { name: "ops", role: "admin", token: ADMIN_TOKEN },
    { name: "analyst", role: "planner", token: PLANNER_TOKEN },
  ]);

  it("names the caller of each configured token and nobody for anything else", () => {
    expect(tokens.identify(ADMIN_TOKEN)).toEqual({ name: "ops", role: "admin" });
    expect(tokens.identify(PLANNER_TOKEN)).toEqual({ name: "analyst", role: "planner" });
    expect(tokens.identify("")).toBeUndefined();
    expect(tokens.identify(ADMIN_TOKEN.slice(0, -1))).toBeUndefined();
    expect(tokens.identify(`${ADMIN_TOKEN}x`)).toBeUndefined();
    expect(tokens.identify(ADMIN_TOKEN.toUpperCase())).toBeUndefined();
    expect(tokens.identify("x".repeat(10_000))).toBeUndefined();
    expect(AccessTokens.none().identify(ADMIN_TOKEN)).toBeUndefined();
  });
});

describe("bearer tokens on the admin service and the planner (one port)", () => {
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
  afterEach(() => {
    s.services.ran.length = 0;
  });

  it("serves the public service without a token", async () => {
    const reply = await rawUnary(client, ESTIMATE, estimate());
    expect(reply.code).toBe(grpc.status.OK);
  });

  it("refuses an admin call without a token with UNAUTHENTICATED, and runs no handler", async () => {
    const reply = await rawUnary(client, SET_CAPACITY, setCapacity());
    expect(reply.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(s.services.ran).toEqual([]);
  });

  it("refuses malformed and unknown credentials with UNAUTHENTICATED", async () => {
    const attempts = [
      metadataWith("authorization", ADMIN_TOKEN),
      metadataWith("authorization", `Basic ${ADMIN_TOKEN}`),
      metadataWith("authorization", `Bearer  ${ADMIN_TOKEN}`),
      metadataWith("authorization", "Bearer "),
      bearer(`${ADMIN_TOKEN}0`),
      bearer("wrong-token-wrong-token-wrong"),
    ];
    for (const metadata of attempts) {
      const reply = await rawUnary(client, SET_CAPACITY, setCapacity(), metadata);
      expect(reply.code).toBe(grpc.status.UNAUTHENTICATED);
    }
    expect(s.services.ran).toEqual([]);
  });

  it("refuses a planner token on the admin service with PERMISSION_DENIED, and runs no handler", async () => {
    const reply = await rawUnary(client, UPSERT_STOCK, Buffer.alloc(0), bearer(PLANNER_TOKEN));
    expect(reply.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(s.services.ran).toEqual([]);
  });

  it("lets an admin token call the admin service and the planner", async () => {
    expect((await rawUnary(client, SET_CAPACITY, setCapacity(), bearer(ADMIN_TOKEN))).code).toBe(
      grpc.status.OK,
    );
    const stream = await rawServerStream(client, SIMULATE, simulate(), bearer(ADMIN_TOKEN));
    expect(stream).toEqual({ code: grpc.status.OK, details: "OK", messages: 1 });
    expect(s.services.ran).toEqual(["SetCapacity", "Simulate"]);
  });

  it("lets a planner token call the planner, and refuses the planner without a token", async () => {
    const refused = await rawServerStream(client, SIMULATE, simulate());
    expect(refused.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(refused.messages).toBe(0);
    const ok = await rawServerStream(client, SIMULATE, simulate(), bearer(PLANNER_TOKEN));
    expect(ok.code).toBe(grpc.status.OK);
    expect(s.services.ran).toEqual(["Simulate"]);
  });

  it("logs refused calls with their status and the token's name, never the token", async () => {
    await rawUnary(client, UPSERT_STOCK, Buffer.alloc(0), bearer(PLANNER_TOKEN));
    const line = s.log
      .withMsg("call")
      .findLast((l) => l["method"] === "promise.v1.AdminService/UpsertStock");
    expect(line).toMatchObject({ status: "PERMISSION_DENIED", caller: "analyst", level: 40 });
    expect(JSON.stringify(s.log.lines)).not.toContain(PLANNER_TOKEN);
    expect(JSON.stringify(s.log.lines)).not.toContain(ADMIN_TOKEN);
  });
});

describe("with no tokens configured", () => {
  it("keeps the admin service and the planner closed, even to a well-formed token", async () => {
    const s = await startHardened({ tokens: [] });
    const client = rawClient(s.publicAddress);
    try {
      const admin = await rawUnary(client, SET_CAPACITY, setCapacity(), bearer(ADMIN_TOKEN));
      expect(admin.code).toBe(grpc.status.UNAUTHENTICATED);
      expect((await rawUnary(client, SET_CAPACITY, setCapacity())).details).toBe(
        "no access tokens are configured: this service is closed",
      );
      expect((await rawServerStream(client, SIMULATE, simulate())).code).toBe(
        grpc.status.UNAUTHENTICATED,
      );
      expect(s.services.ran).toEqual([]);
    } finally {
      client.close();
      await s.stop();
    }
  });

  it("opens them with PROMISE_INSECURE_ADMIN on a loopback address (local development)", async () => {
    const s = await startHardened({ tokens: [], env: { PROMISE_INSECURE_ADMIN: "true" } });
    const client = rawClient(s.publicAddress);
    try {
      expect((await rawUnary(client, SET_CAPACITY, setCapacity())).code).toBe(grpc.status.OK);
      expect(s.services.ran).toEqual(["SetCapacity"]);
    } finally {
      client.close();
      await s.stop();
    }
  });
});

describe("separate ports", () => {
  let s: HardenedServer;
  beforeAll(async () => {
    s = await startHardened({
      env: { PROMISE_ADMIN_ADDRESS: "127.0.0.1:0", PROMISE_PLANNER_ADDRESS: "127.0.0.1:0" },
    });
  });
  afterAll(async () => {
    await s.stop();
  });

  it("serves the admin service and the planner on their own port and not on the public one", async () => {
    const publicPort = s.endpoints.portOf("promise.v1.PromiseService");
    const adminPort = s.endpoints.portOf("promise.v1.AdminService");
    expect(adminPort).not.toBe(publicPort);
    expect(s.endpoints.portOf("promise.v1.PeakPlannerService")).toBe(adminPort);
    expect(s.endpoints.endpoints.map((e) => e.serviceNames)).toEqual([
      ["promise.v1.PromiseService"],
      ["promise.v1.AdminService", "promise.v1.PeakPlannerService"],
    ]);

    const publicClient = rawClient(s.publicAddress);
    const adminClient = rawClient(s.addressOf("promise.v1.AdminService"));
    try {
      const onPublic = await rawUnary(
        publicClient,
        SET_CAPACITY,
        setCapacity(),
        bearer(ADMIN_TOKEN),
      );
      expect(onPublic.code).toBe(grpc.status.UNIMPLEMENTED);
      expect((await rawUnary(adminClient, ESTIMATE, estimate())).code).toBe(
        grpc.status.UNIMPLEMENTED,
      );
      // The admin port still wants a token.
      expect((await rawUnary(adminClient, SET_CAPACITY, setCapacity())).code).toBe(
        grpc.status.UNAUTHENTICATED,
      );
      const ok = await rawUnary(adminClient, SET_CAPACITY, setCapacity(), bearer(ADMIN_TOKEN));
      expect(ok.code).toBe(grpc.status.OK);
      expect(s.services.ran).toEqual(["SetCapacity"]);
    } finally {
      publicClient.close();
      adminClient.close();
    }
  });
});
