import { readFileSync } from "node:fs";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import type { PromiseServiceClient } from "../../src/grpc/generated/promise/v1/PromiseService.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { FIXTURE_NETWORK, NOW_ISO, ts, unary, unaryError } from "./grpc-test-helpers.js";

/** The service config clients are told to use (docs/grpc-service-config.md). */
const SERVICE_CONFIG = readFileSync(
  new URL("../../proto/promise/v1/service_config.json", import.meta.url),
  "utf8",
);

let service: RunningService;
let proxy: http2.Http2Server;
let upstream: http2.ClientHttp2Session;
/** The `grpc-previous-rpc-attempts` header of every call the proxy saw, in order. */
const attempts: string[] = [];
/** How many calls the proxy still answers UNAVAILABLE itself, as a server that is restarting. */
let refuseNext = 0;

/**
 * An HTTP/2 hop in front of the real service: it answers the next `refuseNext` calls with a
 * trailers-only UNAVAILABLE and forwards every other call to the service unchanged.
 */
function startProxy(target: string): Promise<number> {
  upstream = http2.connect(`http://${target}`);
  proxy = http2.createServer();
  proxy.on("stream", (stream, headers) => {
    attempts.push(String(headers["grpc-previous-rpc-attempts"] ?? "0"));
    if (refuseNext > 0) {
      refuseNext--;
      stream.on("error", () => {});
      stream.respond(
        {
          ":status": 200,
          "content-type": "application/grpc",
          "grpc-status": String(grpc.status.UNAVAILABLE),
          "grpc-message": "restarting",
        },
        { endStream: true },
      );
      stream.resume();
      return;
    }
    const forwarded: http2.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
      if (
        name === ":authority" ||
        name === ":scheme" ||
        name === ":method" ||
        name === ":path" ||
        !name.startsWith(":")
      ) {
        forwarded[name] = value;
      }
    }
    const call = upstream.request(forwarded);
    let trailers: http2.IncomingHttpHeaders = {};
    call.on("response", (response) => {
      const { ":status": status, ...rest } = response;
      if (rest["grpc-status"] !== undefined) {
        stream.respond({ ":status": status, ...rest }, { endStream: true });
        return;
      }
      stream.respond({ ":status": status, ...rest }, { waitForTrailers: true });
    });
    call.on("trailers", (t) => {
      trailers = t;
    });
    stream.on("wantTrailers", () => stream.sendTrailers(trailers));
    call.pipe(stream);
    stream.pipe(call);
  });
  return new Promise((resolve) =>
    proxy.listen(0, "127.0.0.1", () => resolve((proxy.address() as AddressInfo).port)),
  );
}

let client: PromiseServiceClient;

beforeAll(async () => {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_NETWORK_FILE: FIXTURE_NETWORK,
    PROMISE_FIXED_NOW: NOW_ISO,
    PROMISE_LOG_LEVEL: "silent",
  });
  service = await startService(config, createLogger(config));
  const port = await startProxy(`127.0.0.1:${service.port}`);
  const { proto } = loadProto();
  client = new proto.promise.v1.PromiseService(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
    { "grpc.service_config": SERVICE_CONFIG },
  );
});

afterAll(async () => {
  client?.close();
  upstream?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  await service?.stop(1000);
});

const request = {
  sku: "SKU-A",
  quantity: 1,
  destination: { countryCode: "TH", postalCode: "10110" },
  at: ts("2026-11-26T10:00:00+07:00"),
};

describe("the gRPC service config for clients", () => {
  it("is a service config grpc-js accepts, with a retry policy and a timeout for each public RPC", () => {
    const config = JSON.parse(SERVICE_CONFIG) as {
      methodConfig: { name: { service: string; method: string }[]; retryPolicy: unknown }[];
    };
    const methods = config.methodConfig.flatMap((m) => m.name.map((n) => n.method)).sort();
    expect(methods).toEqual([
      "CancelPromise",
      "ConfirmPromise",
      "Estimate",
      "EstimateBatch",
      "FulfilPromise",
      "GetPromise",
      "QuoteCart",
    ]);
  });

  it("retries an Estimate answered UNAVAILABLE twice and gets the real answer on the third attempt", async () => {
    attempts.length = 0;
    refuseNext = 2;
    const reply = await unary(client.Estimate.bind(client), request);
    expect(reply.options.map((o) => o.serviceId)).toEqual(["kerry-express", "thpost-ems"]);
    expect(attempts).toEqual(["0", "1", "2"]);
  });

  it("gives up after three attempts (maxAttempts 3) and answers UNAVAILABLE", async () => {
    attempts.length = 0;
    refuseNext = 5;
    const err = await unaryError(client.Estimate.bind(client), request);
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
    expect(attempts).toEqual(["0", "1", "2"]);
    refuseNext = 0;
  });

  it("never retries a request the service refused as INVALID_ARGUMENT", async () => {
    attempts.length = 0;
    refuseNext = 0;
    const err = await unaryError(client.Estimate.bind(client), { ...request, quantity: -1 });
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(attempts).toEqual(["0"]);
  });
});
