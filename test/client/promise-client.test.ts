import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { mayRetry } from "@promise/client";
import { createPromiseClient as createNodeClient } from "@promise/client/node";
import { createPromiseClient as createWebClient } from "@promise/client/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { FIXTURE_NETWORK, NOW_ISO } from "../grpc/grpc-test-helpers.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { tempSqlitePath } from "../support/temp-dir.js";

let service: RunningService;
let grpcUrl: string;
let httpUrl: string;

beforeAll(async () => {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_HTTP_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_NETWORK_FILE: FIXTURE_NETWORK,
    PROMISE_FIXED_NOW: NOW_ISO,
    PROMISE_LOG_LEVEL: "silent",
  });
  service = await startService(config, createLogger(config));
  grpcUrl = `http://127.0.0.1:${service.port}`;
  httpUrl = `http://127.0.0.1:${service.httpEdge!.port}`;
});

afterAll(() => service?.stop(1000));

const request = {
  sku: "SKU-A",
  quantity: 2,
  destination: { countryCode: "TH", postalCode: "10110" },
  at: { seconds: BigInt(Date.parse("2026-11-26T03:00:00Z") / 1000), nanos: 0 },
  locale: "en-GB",
};
const KERRY_AND_EMS = [
  ["kerry-express", "Fri 27 Nov", 40n],
  ["thpost-ems", "Fri 27 Nov - Mon 30 Nov", 32n],
];

describe("createPromiseClient", () => {
  for (const [name, make] of [
    ["Node, native gRPC", () => createNodeClient({ baseUrl: grpcUrl })],
    [
      "Node, Connect on the HTTP edge",
      () => createNodeClient({ baseUrl: httpUrl, protocol: "connect" }),
    ],
    ["browser build, Connect JSON", () => createWebClient({ baseUrl: httpUrl })],
    ["browser build, gRPC-Web", () => createWebClient({ baseUrl: httpUrl, protocol: "grpc-web" })],
  ] as const) {
    it(`${name}: Estimate gives Kerry and EMS with typed fields`, async () => {
      const reply = await make().estimate(request);
      expect(reply.options.map((o) => [o.serviceId, o.deliveryLabel, o.price?.units])).toEqual(
        KERRY_AND_EMS,
      );
    });

    it(`${name}: an unknown SKU is NotFound naming the field`, async () => {
      const err = await make()
        .estimate({ ...request, sku: "NOPE" })
        .then(() => undefined, ConnectError.from);
      expect([err?.code, err?.rawMessage]).toEqual([Code.NotFound, "sku: unknown SKU"]);
    });
  }

  it("sends each RPC's default deadline (Estimate 1 s, ConfirmPromise 8 s) unless the call sets one", async () => {
    const seen: string[] = [];
    const record: Interceptor = (next) => async (req) => {
      seen.push(`${req.method.name} ${req.header.get("connect-timeout-ms")}`);
      return next(req);
    };
    const client = createNodeClient({
      baseUrl: httpUrl,
      protocol: "connect",
      interceptors: [record],
    });
    await client.estimate(request);
    await client.estimate(request, { timeoutMs: 250 });
    await client.confirmPromise({ idempotencyKey: "" }).catch(() => undefined);
    expect(seen).toEqual(["Estimate 1000", "Estimate 250", "ConfirmPromise 8000"]);
  });
});

describe("retries", () => {
  it("allows ConfirmPromise a retry only with an idempotency key, and reads always", () => {
    expect(mayRetry("ConfirmPromise", { idempotencyKey: "order-1" })).toBe(true);
    expect(mayRetry("ConfirmPromise", { idempotencyKey: "  " })).toBe(false);
    expect(mayRetry("Estimate", {})).toBe(true);
    expect(mayRetry("UpsertStock", {})).toBe(false);
  });

  it("sends an Estimate again when the server was unreachable, and gets its answer once it is back", async () => {
    const proxy = await TcpProxy.start({ host: "127.0.0.1", port: service.port });
    const port = proxy.port;
    await proxy.refuse();
    let attempts = 0;
    // The server comes back once the second attempt has failed, while the client backs off.
    const count: Interceptor = (next) => async (req) => {
      attempts++;
      if (attempts !== 2) return next(req);
      try {
        return await next(req);
      } finally {
        await proxy.restore();
      }
    };
    const client = createNodeClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { maxAttempts: 6, initialBackoffMs: 50, maxBackoffMs: 200 },
      interceptors: [count],
    });
    const reply = await client.estimate(request, { timeoutMs: 5_000 });
    expect(reply.options.map((o) => o.serviceId)).toEqual(["kerry-express", "thpost-ems"]);
    expect(attempts).toBe(3);
    await proxy.cut();
  });

  it("never sends a ConfirmPromise without an idempotency key twice; with one, up to maxAttempts", async () => {
    const proxy = await TcpProxy.start({ host: "127.0.0.1", port: service.port });
    const port = proxy.port;
    await proxy.refuse();
    let attempts = 0;
    const count: Interceptor = (next) => (req) => {
      attempts++;
      return next(req);
    };
    const client = createNodeClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { maxAttempts: 3, initialBackoffMs: 10 },
      interceptors: [count],
    });
    const order = {
      lines: [{ sku: "SKU-A", quantity: 1 }],
      destination: { countryCode: "TH", postalCode: "10110" },
      serviceId: "kerry-express",
    };
    const without = await client.confirmPromise(order).then(() => undefined, ConnectError.from);
    expect([without?.code, attempts]).toEqual([Code.Unavailable, 1]);
    attempts = 0;
    const withKey = await client
      .confirmPromise({ ...order, idempotencyKey: "order-1" })
      .then(() => undefined, ConnectError.from);
    expect([withKey?.code, attempts]).toEqual([Code.Unavailable, 3]);
  });
});
