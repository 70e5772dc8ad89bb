import { describe, expect, it } from "vitest";
import {
  type EnumTable,
  encodeEstimateBatchResponse,
  encodeEstimateResponse,
} from "../../src/grpc/estimate-encoder.js";
import type { EstimateBatchResponse } from "../../src/grpc/generated/promise/v1/EstimateBatchResponse.js";
import type { EstimateResponse } from "../../src/grpc/generated/promise/v1/EstimateResponse.js";
import type { TransitSource__Output } from "../../src/grpc/generated/promise/v1/TransitSource.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { estimateBytes, markReusable } from "../../src/grpc/memoized-encoding.js";

const service = loadProto().proto.promise.v1.PromiseService.service;
const single = service.Estimate;
const batch = service.EstimateBatch;

const option = {
  serviceId: "kerry-express",
  serviceName: "Kerry Express next day",
  carrier: "Kerry Express",
  level: "SERVICE_LEVEL_EXPRESS" as const,
  shipFromWarehouse: "bkk",
  shipDate: "2026-11-26",
  deliveryEarliest: "2026-11-27",
  deliveryLatest: "2026-11-30",
  orderBy: { seconds: 1_795_676_400, nanos: 0 },
  price: { currencyCode: "THB", units: 40, nanos: 500_000_000 },
  reasons: [
    { code: "AFTER_CUTOFF", date: "2026-11-26", detail: "" },
    { code: "WAREHOUSE_HOLIDAY", date: "2026-12-07", detail: "วันพ่อแห่งชาติ (ชดเชย)" },
  ],
  fastest: true,
  cheapest: false,
  deliveryLabel: "ศุกร์ 27 พ.ย. - จันทร์ 30 พ.ย.",
};

const responses: EstimateResponse[] = [
  { sku: "SKU-A", quantity: 2, availability: "AVAILABILITY_IN_STOCK", options: [option] },
  { sku: "SKU-Z", quantity: 1, availability: "AVAILABILITY_UNAVAILABLE", options: [] },
  {
    sku: "Ü-ñ-😀",
    quantity: 2_000_000_000,
    availability: "AVAILABILITY_BACKORDER",
    options: [
      option,
      {
        ...option,
        level: "SERVICE_LEVEL_ECONOMY",
        orderBy: { seconds: -86_400, nanos: 999_999_999 },
        price: { currencyCode: "VND", units: 2 ** 40, nanos: 0 },
        reasons: [],
        fastest: false,
        cheapest: true,
      },
      { ...option, price: { currencyCode: "THB", units: 0, nanos: 0 }, deliveryLabel: "" },
      // mark mode: the dominated fields are numbered 20-22 (two-byte keys)
      {
        ...option,
        reasons: [...option.reasons, { code: "NOT_FASTER", date: "", detail: "Kerry Express" }],
        dominated: true,
        dominatedBy: "kerry-express",
        dominatedLabel: "ไม่เร็วกว่า Kerry Express next day ซึ่งถูกกว่า ฿15.00",
      },
      { ...option, dominated: false, dominatedBy: "", dominatedLabel: "" },
    ],
  },
  {
    sku: "x".repeat(300),
    quantity: 128,
    availability: "AVAILABILITY_IN_STOCK",
    options: [option, option],
  },
  // larger than the encoder's scratch buffer: it must grow
  {
    sku: "SKU-BIG",
    quantity: 1,
    availability: "AVAILABILITY_IN_STOCK",
    options: Array(300).fill(option),
  },
];

const decodeOne = (bytes: Buffer) => single.responseDeserialize(bytes);

describe("the estimate encoder", () => {
  it("encodes EstimateResponse so proto-loader decodes what protobufjs would have sent", () => {
    for (const response of responses) {
      expect(decodeOne(encodeEstimateResponse(response))).toEqual(
        decodeOne(single.responseSerialize(response)),
      );
    }
  });

  it("encodes EstimateBatchResponse with estimates and item errors in order", () => {
    const response: EstimateBatchResponse = {
      results: [
        { estimate: responses[0]! },
        {
          error: { code: "NOT_FOUND", message: "items[1].sku: unknown SKU", field: "items[1].sku" },
        },
        { estimate: responses[2]! },
        { error: { code: "INVALID_ARGUMENT", message: "ç", field: "" } },
        { estimate: responses[4]! },
        { estimate: responses[4]! },
      ],
    };
    const fast = encodeEstimateBatchResponse(response, encodeEstimateResponse);
    expect(batch.responseDeserialize(fast)).toEqual(
      batch.responseDeserialize(batch.responseSerialize(response)),
    );
    expect(
      batch.responseDeserialize(
        encodeEstimateBatchResponse({ results: [] }, encodeEstimateResponse),
      ),
    ).toEqual({
      results: [],
    });
  });

  it("encodes a reusable estimate once and hands out the same bytes afterwards", () => {
    const reused = { ...responses[0]! };
    markReusable(reused);
    const first = estimateBytes(reused);
    expect(estimateBytes(reused)).toBe(first);
    const fresh = { ...responses[0]! };
    expect(estimateBytes(fresh)).not.toBe(estimateBytes(fresh));
  });

  it("types its enum tables from the generated enums, so a missing or unknown name does not compile", () => {
    // @ts-expect-error TRANSIT_SOURCE_LEARNED is missing: a value added to the proto fails to compile here
    const missing: EnumTable<TransitSource__Output> = {
      TRANSIT_SOURCE_UNSPECIFIED: 0,
      TRANSIT_SOURCE_NETWORK_FILE: 1,
    };
    const extra: EnumTable<TransitSource__Output> = {
      TRANSIT_SOURCE_UNSPECIFIED: 0,
      TRANSIT_SOURCE_NETWORK_FILE: 1,
      TRANSIT_SOURCE_LEARNED: 2,
      // @ts-expect-error a name the proto does not have
      GUESSED: 3,
    };
    expect(Object.keys(missing)).toHaveLength(2);
    expect(Object.keys(extra)).toHaveLength(4);
  });
});
