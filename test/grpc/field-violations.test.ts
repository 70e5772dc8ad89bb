import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import type { EstimateRequest } from "../../src/grpc/generated/promise/v1/EstimateRequest.js";
import type { PromiseServiceClient } from "../../src/grpc/generated/promise/v1/PromiseService.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { decodeStatusDetails } from "../../src/grpc/status-details.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { FIXTURE_NETWORK, fieldOf, NOW_ISO, ts, unaryError } from "./grpc-test-helpers.js";

let service: RunningService;
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
  const { proto } = loadProto();
  client = new proto.promise.v1.PromiseService(
    `127.0.0.1:${service.port}`,
    grpc.credentials.createInsecure(),
  );
});

afterAll(async () => {
  client?.close();
  await service?.stop(1000);
});

const AT = ts("2026-11-26T10:00:00+07:00");

function estimateError(request: EstimateRequest) {
  return unaryError(client.Estimate.bind(client), request);
}

/** The google.rpc.Status a failed call carries in grpc-status-details-bin. */
function detailsOf(err: grpc.ServiceError) {
  const values = err.metadata.get("grpc-status-details-bin");
  expect(values).toHaveLength(1);
  return decodeStatusDetails(values[0] as Buffer);
}

/** Bytes of all trailers as HTTP/2 counts them (name + value + 32), binary values base64. */
function trailerBytes(err: grpc.ServiceError): number {
  let total = encodeURI(err.details).length;
  for (const [key, values] of Object.entries(err.metadata.getMap())) {
    const value = values as string | Buffer;
    total +=
      key.length +
      32 +
      (typeof value === "string" ? value.length : Math.ceil(value.length / 3) * 4);
  }
  return total;
}

describe("field errors as google.rpc.BadRequest and ErrorInfo", () => {
  it("sends a bad postal code as a field violation with the reason FIELD_INVALID, and keeps promise-field", async () => {
    const err = await estimateError({
      sku: "SKU-A",
      quantity: 1,
      destination: { countryCode: "TH", postalCode: "ABCDE" },
      at: AT,
    });
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldOf(err)).toBe("destination.postal_code");
    expect(detailsOf(err)).toEqual({
      code: grpc.status.INVALID_ARGUMENT,
      message: 'destination.postal_code: "ABCDE" is not a valid postal code for TH',
      badRequest: {
        fieldViolations: [
          {
            field: "destination.postal_code",
            description: '"ABCDE" is not a valid postal code for TH',
            reason: "FIELD_INVALID",
          },
        ],
      },
      errorInfo: {
        reason: "FIELD_INVALID",
        domain: "promise.v1",
        metadata: { field: "destination.postal_code" },
      },
    });
  });

  it("sends an unknown SKU as NOT_FOUND with the reason FIELD_NOT_FOUND", async () => {
    const err = await estimateError({
      sku: "NO-SUCH-SKU",
      quantity: 1,
      destination: { countryCode: "TH", postalCode: "10110" },
      at: AT,
    });
    expect(err.code).toBe(grpc.status.NOT_FOUND);
    const details = detailsOf(err);
    expect(details.badRequest?.fieldViolations).toEqual([
      { field: "sku", description: "unknown SKU", reason: "FIELD_NOT_FOUND" },
    ]);
    expect(details.errorInfo?.reason).toBe("FIELD_NOT_FOUND");
  });

  it("refuses a 100,000-character postal code with the details and stays under the 8 KB trailer cap", async () => {
    const err = await estimateError({
      sku: "SKU-A",
      quantity: 1,
      destination: { countryCode: "TH", postalCode: "9".repeat(100_000) },
      at: AT,
    });
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldOf(err)).toBe("destination.postal_code");
    const details = detailsOf(err);
    expect(details.badRequest?.fieldViolations[0]?.field).toBe("destination.postal_code");
    expect(details.errorInfo?.domain).toBe("promise.v1");
    expect(trailerBytes(err)).toBeLessThan(8192);
  });
});
