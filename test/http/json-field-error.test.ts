import { fromJsonString } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { DestinationSchema } from "../../packages/client/src/generated/promise/v1/common_pb.js";
import {
  EstimateBatchRequestSchema,
  EstimateItemSchema,
  EstimateRequestSchema,
} from "../../packages/client/src/generated/promise/v1/promise_pb.js";
import { decodeStatusDetails } from "../../src/grpc/status-details.js";
import { jsonDecodeStatus, pathTo } from "../../src/http/json-field-error.js";

/** protobuf-es's error for a JSON request, as the Connect unary route catches it. */
function decodeError(json: string): unknown {
  try {
    fromJsonString(EstimateBatchRequestSchema, json);
  } catch (err) {
    return err;
  }
  throw new Error("expected the JSON to be refused");
}

describe("the request field of a JSON decoding error", () => {
  it("is the path of proto names from the request to the field's message, repeated fields without an index", () => {
    expect(pathTo(EstimateRequestSchema, EstimateRequestSchema)).toBe("");
    expect(pathTo(EstimateRequestSchema, DestinationSchema)).toBe("destination");
    expect(pathTo(EstimateBatchRequestSchema, EstimateItemSchema)).toBe("items");
    expect(pathTo(DestinationSchema, EstimateItemSchema)).toBeUndefined();
  });

  it("becomes INVALID_ARGUMENT `field: why` with promise-field and the BadRequest and ErrorInfo details", () => {
    const status = jsonDecodeStatus(
      EstimateBatchRequestSchema,
      decodeError('{"items":[{"sku":"A","quantity":1},{"sku":7}]}'),
    );
    expect([status.code, status.details]).toEqual([
      grpc.status.INVALID_ARGUMENT,
      "items.sku: expected string, got 7",
    ]);
    expect(status.metadata?.get("promise-field")).toEqual(["items.sku"]);
    const details = decodeStatusDetails(
      status.metadata?.get("grpc-status-details-bin")[0] as Buffer,
    );
    expect(details).toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      badRequest: {
        fieldViolations: [
          { field: "items.sku", description: "expected string, got 7", reason: "FIELD_INVALID" },
        ],
      },
      errorInfo: {
        reason: "FIELD_INVALID",
        domain: "promise.v1",
        metadata: { field: "items.sku" },
      },
    });
  });

  it("names no field when the body is not a JSON object", () => {
    const status = jsonDecodeStatus(EstimateBatchRequestSchema, decodeError("[1]"));
    expect(status).toEqual({
      code: grpc.status.INVALID_ARGUMENT,
      details: "cannot decode message promise.v1.EstimateBatchRequest from JSON: Array(1)",
    });
  });
});
