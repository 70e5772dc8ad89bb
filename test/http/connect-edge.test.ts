import { type IncomingMessage, request } from "node:http";
import { connect } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { PeakPlannerService } from "../../packages/client/src/generated/promise/v1/planner_pb.js";
import {
  EstimateRequestSchema,
  EstimateResponseSchema,
  FreshOptionsSchema,
  PromiseService,
} from "../../packages/client/src/generated/promise/v1/promise_pb.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { FIXTURE_NETWORK, NOW_ISO } from "../grpc/grpc-test-helpers.js";
import { capacityScenario } from "../sim/scenario-fixtures.js";
import { tempSqlitePath } from "../support/temp-dir.js";

const ADMIN_TOKEN = "edge-admin-token-0123456789abcdef";
let service: RunningService;
let base: string;

beforeAll(async () => {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_HTTP_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_NETWORK_FILE: FIXTURE_NETWORK,
    PROMISE_FIXED_NOW: NOW_ISO,
    PROMISE_LOG_LEVEL: "silent",
    PROMISE_TOKENS: JSON.stringify([{ name: "ops", role: "admin", token: ADMIN_TOKEN }]),
  });
  service = await startService(config, createLogger(config));
  base = `http://127.0.0.1:${service.httpEdge!.port}`;
});

afterAll(async () => {
  await service?.stop(1000);
});

/** Thursday 26 Nov 2026, 10:00 in Bangkok (03:00 UTC). */
const THURSDAY_10AM = "2026-11-26T03:00:00Z";
const BANGKOK = { countryCode: "TH", postalCode: "10110" };

function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A JSON POST through node:http, which (unlike fetch) sends no accept-encoding of its own. */
function rawPost(
  path: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method: "POST", headers: { "content-type": "application/json", ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            encoding: res.headers["content-encoding"],
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("Estimate over Connect JSON", () => {
  it("answers Kerry for Friday and EMS for Friday to Monday, as the native port does, in proto3 JSON", async () => {
    const res = await postJson("/promise.v1.PromiseService/Estimate", {
      sku: "SKU-A",
      quantity: 2,
      destination: BANGKOK,
      at: THURSDAY_10AM,
      locale: "en-GB",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-request-id")).toMatch(/^\S+$/);
    expect(await res.json()).toEqual({
      sku: "SKU-A",
      quantity: 2,
      availability: "AVAILABILITY_IN_STOCK",
      options: [
        {
          serviceId: "kerry-express",
          serviceName: "Kerry Express next day",
          carrier: "Kerry Express",
          level: "SERVICE_LEVEL_EXPRESS",
          shipFromWarehouse: "bkk",
          shipDate: "2026-11-26",
          deliveryEarliest: "2026-11-27",
          deliveryLatest: "2026-11-27",
          // the warehouse's 14:00 cut-off in Bangkok
          orderBy: "2026-11-26T07:00:00Z",
          price: { currencyCode: "THB", units: "40" },
          fastest: true,
          deliveryLabel: "Fri 27 Nov",
          transitSource: "TRANSIT_SOURCE_NETWORK_FILE",
        },
        {
          serviceId: "thpost-ems",
          serviceName: "Thailand Post EMS",
          carrier: "Thailand Post",
          level: "SERVICE_LEVEL_STANDARD",
          shipFromWarehouse: "bkk",
          shipDate: "2026-11-26",
          deliveryEarliest: "2026-11-27",
          deliveryLatest: "2026-11-30",
          // EMS picks up at 13:00 Bangkok time
          orderBy: "2026-11-26T06:00:00Z",
          price: { currencyCode: "THB", units: "32" },
          reasons: [
            { code: "NON_DELIVERY_DAY", date: "2026-11-29", text: "No deliveries on Sun 29 Nov" },
          ],
          cheapest: true,
          deliveryLabel: "Fri 27 Nov - Mon 30 Nov",
          transitSource: "TRANSIT_SOURCE_NETWORK_FILE",
        },
      ],
    });
  });

  it("answers the same again from the estimate cache (one hit more)", async () => {
    const body = { sku: "SKU-A", quantity: 3, destination: BANGKOK, at: THURSDAY_10AM };
    const first = await (await postJson("/promise.v1.PromiseService/Estimate", body)).json();
    const hits = service.server.promiseService.cache.hits;
    const second = await (await postJson("/promise.v1.PromiseService/Estimate", body)).json();
    expect(second).toEqual(first);
    expect(service.server.promiseService.cache.hits).toBe(hits + 1);
  });

  it("answers an empty SKU with 400 invalid_argument naming the field, without a stack", async () => {
    const res = await postJson("/promise.v1.PromiseService/Estimate", { sku: "", quantity: 2 });
    expect(res.status).toBe(400);
    expect(res.headers.get("promise-field")).toBe("sku");
    const text = await res.text();
    // (google.rpc details, when the gRPC status carries them, follow in `details`)
    expect(JSON.parse(text)).toMatchObject({
      code: "invalid_argument",
      message: "sku: must not be empty",
    });
    expect(text).not.toMatch(/ at |\.ts\b|127\.0\.0\.1|node_modules/);
  });

  it("answers an unknown SKU with 404 not_found", async () => {
    const res = await postJson("/promise.v1.PromiseService/Estimate", {
      sku: "NO-SUCH-SKU",
      quantity: 1,
      destination: BANGKOK,
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "not_found", message: "sku: unknown SKU" });
  });

  it("answers a postal code over its string limit with 400 naming the field, never echoing it", async () => {
    const res = await postJson("/promise.v1.PromiseService/Estimate", {
      sku: "SKU-A",
      quantity: 1,
      destination: { countryCode: "TH", postalCode: "9".repeat(5000) },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("promise-field")).toBe("destination.postal_code");
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe("invalid_argument");
    expect(body.message).toMatch(
      /^destination\.postal_code: must be at most \d+ characters, got 5000$/,
    );
  });

  it("answers a field of the wrong JSON type with 400 naming the field as the native port does", async () => {
    const res = await postJson("/promise.v1.PromiseService/Estimate", '{"quantity":"two"}');
    expect(res.status).toBe(400);
    expect(res.headers.get("promise-field")).toBe("quantity");
    const body = (await res.json()) as { code: string; message: string; details: unknown[] };
    expect(body.code).toBe("invalid_argument");
    expect(body.message).toBe('quantity: expected number (int32), got "two"');
    expect(body.details).toMatchObject([
      { type: "google.rpc.BadRequest" },
      { type: "google.rpc.ErrorInfo" },
    ]);
  });

  it("names a nested field by its path, and never echoes a long wrong value whole", async () => {
    const nested = await postJson("/promise.v1.PromiseService/Estimate", {
      sku: "SKU-A",
      quantity: 1,
      destination: { countryCode: "TH", postalCode: ["10110"] },
    });
    expect(nested.status).toBe(400);
    expect(nested.headers.get("promise-field")).toBe("destination.postal_code");
    expect(((await nested.json()) as { message: string }).message).toBe(
      "destination.postal_code: expected string, got Array(1)",
    );
    const long = await postJson("/promise.v1.PromiseService/Estimate", {
      sku: "SKU-A",
      quantity: "x".repeat(5000),
    });
    expect(long.status).toBe(400);
    const text = await long.text();
    expect(text.length).toBeLessThan(1000);
    expect((JSON.parse(text) as { message: string }).message).toBe(
      "quantity: expected number (int32), got string",
    );
  });

  it("answers a call whose connect-timeout-ms has already passed with 504, doing no work", async () => {
    const body = { sku: "SKU-A", quantity: 5, destination: BANGKOK, at: THURSDAY_10AM };
    const { hits, misses } = service.server.promiseService.cache;
    const res = await postJson("/promise.v1.PromiseService/Estimate", body, {
      "connect-timeout-ms": "0",
    });
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({
      code: "deadline_exceeded",
      message: "deadline exceeded before the call was handled",
    });
    expect([
      service.server.promiseService.cache.hits,
      service.server.promiseService.cache.misses,
    ]).toEqual([hits, misses]);
  });

  it("answers a body that is not JSON with 400 invalid_argument", async () => {
    const res = await postJson("/promise.v1.PromiseService/Estimate", "{not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("invalid_argument");
  });

  it("refuses a body over PROMISE_MAX_RECEIVE_MESSAGE_BYTES (4 MiB) with resource_exhausted", async () => {
    const res = await postJson("/promise.v1.PromiseService/Estimate", {
      sku: "SKU-A",
      quantity: 1,
      locale: "x".repeat(5 * 1024 * 1024),
    });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { code: string }).code).toBe("resource_exhausted");
  });

  it("refuses a content type it does not speak with 415", async () => {
    const res = await fetch(`${base}/promise.v1.PromiseService/Estimate`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(res.status).toBe(415);
  });

  it("answers an unknown path with 404", async () => {
    const res = await postJson("/promise.v1.PromiseService/Nope", {});
    expect(res.status).toBe(404);
  });

  it("echoes the caller's x-request-id on an answer and on an error", async () => {
    const ok = await postJson(
      "/promise.v1.PromiseService/Estimate",
      { sku: "SKU-A", quantity: 1, destination: BANGKOK, at: THURSDAY_10AM },
      { "x-request-id": "shop-42.ok" },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toBe("shop-42.ok");
    const bad = await postJson(
      "/promise.v1.PromiseService/Estimate",
      { sku: "", quantity: 1 },
      { "x-request-id": "shop-42.bad" },
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-request-id")).toBe("shop-42.bad");
  });

  it("gzips an answer of 1 KiB or more for a client that accepts gzip, and takes a gzipped request", async () => {
    const body = JSON.stringify({
      items: [1, 2, 3].map((quantity) => ({ sku: "SKU-A", quantity })),
      destination: BANGKOK,
      at: THURSDAY_10AM,
    });
    const plain = await rawPost("/promise.v1.PromiseService/EstimateBatch", body, {});
    expect(plain.status).toBe(200);
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.length).toBeGreaterThanOrEqual(1024);
    const zipped = await rawPost("/promise.v1.PromiseService/EstimateBatch", body, {
      "accept-encoding": "gzip",
    });
    expect(zipped.encoding).toBe("gzip");
    expect(gunzipSync(zipped.body).toString()).toBe(plain.body.toString());
    const gzippedRequest = await rawPost(
      "/promise.v1.PromiseService/EstimateBatch",
      gzipSync(body),
      { "content-encoding": "gzip" },
    );
    expect(gzippedRequest.status).toBe(200);
    // with no accept-encoding, the answer is compressed as the request was (Connect's rule)
    expect(gzippedRequest.encoding).toBe("gzip");
    expect(gunzipSync(gzippedRequest.body).toString()).toBe(plain.body.toString());
  });
});

describe("the repository's web/ folder", () => {
  it("is served at /widget/: the widget module and its demo page", async () => {
    const js = await fetch(`${base}/widget/promise-estimate.js`);
    expect([js.status, js.headers.get("content-type")]).toEqual([
      200,
      "text/javascript; charset=utf-8",
    ]);
    expect(await js.text()).toContain("customElements.define");
    const demo = await fetch(`${base}/widget/demo.html`);
    expect([demo.status, demo.headers.get("content-type")]).toEqual([
      200,
      "text/html; charset=utf-8",
    ]);
    expect((await fetch(`${base}/widget/missing.js`)).status).toBe(404);
  });
});

describe("a refused ConfirmPromise over Connect JSON", () => {
  it("answers failed_precondition with the fresh options as a promise.v1.FreshOptions detail", async () => {
    // Now is Friday 20 Nov, 07:00 in Bangkok: Kerry ships today and delivers Saturday 21, later
    // than the Friday the shopper was shown.
    const res = await postJson("/promise.v1.PromiseService/ConfirmPromise", {
      idempotencyKey: "http-refused-1",
      lines: [{ sku: "SKU-A", quantity: 1 }],
      destination: BANGKOK,
      serviceId: "kerry-express",
      shownDeliveryLatest: "2026-11-20",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      code: string;
      details: Array<{ type: string; value: string }>;
    };
    expect(body.code).toBe("failed_precondition");
    expect(body.details.map((d) => d.type)).toEqual(["promise.v1.FreshOptions"]);
    const fresh = fromBinary(FreshOptionsSchema, Buffer.from(body.details[0]!.value, "base64"));
    expect(fresh.reason).toBe("LATER_THAN_SHOWN");
    const kerry = fresh.quote?.options.find((o) => o.serviceId === "kerry-express");
    expect([kerry?.deliveryEarliest, kerry?.deliveryLatest]).toEqual(["2026-11-21", "2026-11-21"]);
  });
});

describe("the same services over Connect binary and gRPC-Web", () => {
  const request = create(EstimateRequestSchema, {
    sku: "SKU-A",
    quantity: 2,
    destination: BANGKOK,
    at: { seconds: BigInt(Date.parse(THURSDAY_10AM) / 1000), nanos: 0 },
    locale: "en-GB",
  });

  it("Connect binary: the answer is the native port's protobuf bytes, and undecodable bytes are 400", async () => {
    const post = (body: Uint8Array) =>
      fetch(`${base}/promise.v1.PromiseService/Estimate`, {
        method: "POST",
        headers: { "content-type": "application/proto" },
        body,
      });
    const res = await post(toBinary(EstimateRequestSchema, request));
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/proto"]);
    const reply = fromBinary(EstimateResponseSchema, new Uint8Array(await res.arrayBuffer()));
    expect(reply.options.map((o) => o.serviceId)).toEqual(["kerry-express", "thpost-ems"]);
    // a field tag whose varint never ends
    const bad = await post(Uint8Array.of(0xff, 0xff, 0xff));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      code: "invalid_argument",
      message: "the request is not a valid protobuf message",
    });
  });

  for (const [name, transport] of [
    [
      "Connect binary",
      () => createConnectTransport({ baseUrl: base, httpVersion: "1.1", useBinaryFormat: true }),
    ],
    ["gRPC-Web", () => createGrpcWebTransport({ baseUrl: base, httpVersion: "1.1" })],
  ] as const) {
    it(`${name}: Estimate gives Kerry on Friday 27 Nov at 40 THB first`, async () => {
      const client = createClient(PromiseService, transport());
      const reply = await client.estimate(request);
      expect(
        reply.options.map((o) => [
          o.serviceId,
          o.deliveryEarliest,
          o.deliveryLatest,
          o.price?.units,
        ]),
      ).toEqual([
        ["kerry-express", "2026-11-27", "2026-11-27", 40n],
        ["thpost-ems", "2026-11-27", "2026-11-30", 32n],
      ]);
    });

    it(`${name}: an unknown SKU is NotFound with the message naming the field`, async () => {
      const client = createClient(PromiseService, transport());
      const err = await client.estimate({ ...request, sku: "NO-SUCH-SKU" }).then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
      expect(err?.code).toBe(Code.NotFound);
      expect(err?.rawMessage).toBe("sku: unknown SKU");
      expect(err?.metadata.get("promise-field")).toBe("sku");
    });
  }
});

describe("auth and limits are the native port's", () => {
  it("refuses an admin call without a token with 401 unauthenticated", async () => {
    const res = await postJson("/promise.v1.AdminService/ReloadNetwork", {});
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      code: "unauthenticated",
      message: "missing authorization: Bearer <token>",
    });
  });

  it("refuses an unknown token with 401 and runs the call with the admin token", async () => {
    const bad = await postJson(
      "/promise.v1.AdminService/ReloadNetwork",
      {},
      {
        authorization: "Bearer not-a-token",
      },
    );
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ code: "unauthenticated", message: "unknown token" });
    const ok = await postJson(
      "/promise.v1.AdminService/ReloadNetwork",
      {},
      {
        authorization: `Bearer ${ADMIN_TOKEN}`,
      },
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { networkVersion: string }).networkVersion).toMatch(
      /^[0-9a-f]{12}$/,
    );
  });

  it("refuses a malformed connect-timeout-ms with 400", async () => {
    const res = await postJson(
      "/promise.v1.PromiseService/Estimate",
      { sku: "SKU-A", quantity: 1, destination: BANGKOK },
      { "connect-timeout-ms": "not-a-number" },
    );
    expect(res.status).toBe(400);
  });

  it("counts a client that goes away mid-body as CANCELLED, and goes on serving", async () => {
    const cancelled = async () => {
      const text = await service.metrics.registry.metrics();
      const m =
        /promise_grpc_calls_total\{method="promise\.v1\.PromiseService\/Estimate",code="CANCELLED"\} (\d+)/.exec(
          text,
        );
      return Number(m?.[1] ?? 0);
    };
    const before = await cancelled();
    const { port } = new URL(base);
    // The client goes away once the server has read the start of its body.
    const edge = service.httpEdge!.server;
    const bodyStarted = new Promise<void>((resolve) => {
      const onRequest = (req: IncomingMessage) => {
        if (req.headers.host !== "cut-off-shop") return;
        edge.off("request", onRequest);
        req.once("data", () => resolve());
      };
      edge.on("request", onRequest);
    });
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(
          "POST /promise.v1.PromiseService/Estimate HTTP/1.1\r\nhost: cut-off-shop\r\n" +
            'content-type: application/json\r\ncontent-length: 100\r\n\r\n{"sku":',
        );
        void bodyStarted.then(() => socket.destroy());
      });
      socket.on("close", () => resolve());
    });
    await expect.poll(cancelled).toBe(before + 1);
    const res = await postJson("/promise.v1.PromiseService/Estimate", {
      sku: "SKU-A",
      quantity: 1,
      destination: BANGKOK,
      at: THURSDAY_10AM,
    });
    expect(res.status).toBe(200);
  });

  it("counts HTTP calls in the same call metrics as native gRPC, by method and status", async () => {
    await postJson("/promise.v1.PromiseService/Estimate", { sku: "", quantity: 1 });
    const text = await service.metrics.registry.metrics();
    expect(text).toMatch(
      /promise_grpc_calls_total\{method="promise\.v1\.PromiseService\/Estimate",code="INVALID_ARGUMENT"\} [1-9]/,
    );
  });
});

describe("PeakPlannerService.Simulate as a Connect server stream", () => {
  it("streams progress, the days of both runs and the summary (150 kept, Monday's numbers as over gRPC)", async () => {
    const client = createClient(
      PeakPlannerService,
      createConnectTransport({
        baseUrl: base,
        httpVersion: "1.1",
        interceptors: [
          (next) => (req) => {
            req.header.set("authorization", `Bearer ${ADMIN_TOKEN}`);
            return next(req);
          },
        ],
      }),
    );
    const input = capacityScenario(true);
    input.questions = { compare_capacity_aware: true };
    const kinds: string[] = [];
    const monday: unknown[] = [];
    let summary: { orders: bigint; kept: bigint; broken: bigint } | undefined;
    for await (const event of client.simulate({ scenarioYaml: stringify(input) })) {
      const e = event.event;
      if (e.case === undefined) continue;
      if (kinds.at(-1) !== e.case) kinds.push(e.case);
      if (e.case === "day" && e.value.date === "2026-06-01" && e.value.warehouseId === "") {
        monday.push([e.value.run, e.value.shipped, e.value.backlog, e.value.kept, e.value.broken]);
      }
      if (e.case === "summary") summary = e.value;
    }
    expect(kinds).toEqual(["progress", "day", "summary"]);
    expect(monday).toEqual([
      // int64 fields are bigint in protobuf-es
      ["capacity-aware on", 100n, 0n, 150n, 0n],
      ["capacity-aware off", 100n, 50n, 100n, 50n],
    ]);
    expect(summary).toMatchObject({ orders: 150n, kept: 150n, broken: 0n });
  }, 60_000);

  it("ends the stream with invalid_argument naming scenario_yaml for an empty scenario", async () => {
    const res = await fetch(`${base}/promise.v1.PeakPlannerService/Simulate`, {
      method: "POST",
      headers: {
        "content-type": "application/connect+json",
        authorization: `Bearer ${ADMIN_TOKEN}`,
      },
      body: (() => {
        const json = Buffer.from(JSON.stringify({ scenarioYaml: "  " }));
        const frame = Buffer.alloc(5 + json.length);
        frame.writeUInt32BE(json.length, 1);
        json.copy(frame, 5);
        return frame;
      })(),
    });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    // The end-of-stream frame (flag 0x02) carries the error.
    const end = JSON.parse(body.subarray(5).toString("utf8")) as {
      error?: { code: string; message: string };
    };
    expect(end.error?.code).toBe("invalid_argument");
    expect(end.error?.message).toMatch(/^scenario_yaml: /);
  });
});
