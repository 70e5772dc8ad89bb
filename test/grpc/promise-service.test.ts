import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import type { EstimateBatchRequest } from "../../src/grpc/generated/promise/v1/EstimateBatchRequest.js";
import type { EstimateRequest } from "../../src/grpc/generated/promise/v1/EstimateRequest.js";
import type { PromiseServiceClient } from "../../src/grpc/generated/promise/v1/PromiseService.js";
import type { ShippingOption__Output } from "../../src/grpc/generated/promise/v1/ShippingOption.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { FIXTURE_NETWORK, fieldOf, NOW_ISO, ts, unary, unaryError } from "./grpc-test-helpers.js";

let service: RunningService;
let client: PromiseServiceClient;

beforeAll(async () => {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_NETWORK_FILE: FIXTURE_NETWORK,
    PROMISE_FIXED_NOW: NOW_ISO,
    PROMISE_LOG_LEVEL: "silent",
    PROMISE_BATCH_ITEM_LIMIT: "100",
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

const BANGKOK = { countryCode: "TH", postalCode: "10110" };
const THURSDAY_10AM = ts("2026-11-26T10:00:00+07:00");

function estimate(request: EstimateRequest) {
  return unary(client.Estimate.bind(client), request);
}

function estimateError(request: EstimateRequest) {
  return unaryError(client.Estimate.bind(client), request);
}

function batch(request: EstimateBatchRequest) {
  return unary(client.EstimateBatch.bind(client), request);
}

const thb = (units: number) => ({ currencyCode: "THB", units, nanos: 0 });

const kerry = {
  serviceId: "kerry-express",
  serviceName: "Kerry Express next day",
  carrier: "Kerry Express",
  level: "SERVICE_LEVEL_EXPRESS" as const,
  shipFromWarehouse: "bkk",
  dominated: false,
  dominatedBy: "",
  dominatedLabel: "",
  transitSource: "TRANSIT_SOURCE_NETWORK_FILE" as const,
  deliverOnDates: [],
};

const ems = {
  serviceId: "thpost-ems",
  serviceName: "Thailand Post EMS",
  carrier: "Thailand Post",
  level: "SERVICE_LEVEL_STANDARD" as const,
  shipFromWarehouse: "bkk",
  dominated: false,
  dominatedBy: "",
  dominatedLabel: "",
  transitSource: "TRANSIT_SOURCE_NETWORK_FILE" as const,
  deliverOnDates: [],
};

/** Kerry and EMS for a Thursday 10:00 order of SKU-A to Bangkok: both ship that day. */
const thursdayMorningOptions: ShippingOption__Output[] = [
  {
    ...kerry,
    shipDate: "2026-11-26",
    deliveryEarliest: "2026-11-27",
    deliveryLatest: "2026-11-27",
    // the warehouse's 14:00 cut-off (Kerry's pickup is later, at 16:00)
    orderBy: ts("2026-11-26T14:00:00+07:00"),
    price: thb(40),
    reasons: [],
    fastest: true,
    cheapest: false,
    deliveryLabel: "Fri 27 Nov",
  },
  {
    ...ems,
    shipDate: "2026-11-26",
    deliveryEarliest: "2026-11-27",
    // 1-3 delivery days Mon-Sat after Thursday: Fri 27, Sat 28, (no Sunday) Mon 30
    deliveryLatest: "2026-11-30",
    // EMS picks up at 13:00, before the warehouse's 14:00 cut-off
    orderBy: ts("2026-11-26T13:00:00+07:00"),
    price: thb(32),
    reasons: [
      {
        code: "NON_DELIVERY_DAY",
        date: "2026-11-29",
        detail: "",
        text: "No deliveries on Sun 29 Nov",
      },
    ],
    fastest: false,
    cheapest: true,
    deliveryLabel: "Fri 27 Nov - Mon 30 Nov",
  },
];

describe("Estimate", () => {
  it("offers Kerry for Friday and EMS for Friday to Monday on a Thursday-morning order in Bangkok", async () => {
    const reply = await estimate({
      sku: "SKU-A",
      quantity: 2,
      destination: BANGKOK,
      at: THURSDAY_10AM,
      locale: "en-GB",
    });
    expect(reply).toEqual({
      sku: "SKU-A",
      quantity: 2,
      availability: "AVAILABILITY_IN_STOCK",
      pickupOptions: [],
      options: thursdayMorningOptions,
    });
  });

  it("moves EMS to Friday but keeps Kerry on Thursday for an order at 13:30, between the two cut-offs", async () => {
    const reply = await estimate({
      sku: "SKU-A",
      quantity: 1,
      destination: BANGKOK,
      at: ts("2026-11-26T13:30:00+07:00"),
      locale: "en-GB",
    });
    expect(reply.options).toEqual([
      thursdayMorningOptions[0],
      {
        ...ems,
        shipDate: "2026-11-27",
        deliveryEarliest: "2026-11-28",
        // Sat 28, (no Sunday) Mon 30, Tue 1 Dec
        deliveryLatest: "2026-12-01",
        orderBy: ts("2026-11-27T13:00:00+07:00"),
        price: thb(32),
        reasons: [
          {
            code: "AFTER_CUTOFF",
            date: "2026-11-26",
            detail: "",
            text: "Ordered after the warehouse's cut-off on Thu 26 Nov",
          },
          {
            code: "NON_DELIVERY_DAY",
            date: "2026-11-29",
            detail: "",
            text: "No deliveries on Sun 29 Nov",
          },
        ],
        fastest: false,
        cheapest: true,
        deliveryLabel: "Sat 28 Nov - Tue 1 Dec",
      },
    ]);
  });

  it("ships on Friday when the order comes one minute after the 14:00 Bangkok cut-off", async () => {
    const reply = await estimate({
      sku: "SKU-A",
      quantity: 1,
      destination: BANGKOK,
      at: ts("2026-11-26T14:01:00+07:00"),
      locale: "en-GB",
    });
    expect(reply.options[0]).toEqual({
      ...kerry,
      shipDate: "2026-11-27",
      deliveryEarliest: "2026-11-28",
      deliveryLatest: "2026-11-28",
      orderBy: ts("2026-11-27T14:00:00+07:00"),
      price: thb(40),
      reasons: [
        {
          code: "AFTER_CUTOFF",
          date: "2026-11-26",
          detail: "",
          text: "Ordered after the warehouse's cut-off on Thu 26 Nov",
        },
      ],
      fastest: true,
      cheapest: false,
      deliveryLabel: "Sat 28 Nov",
    });
  });

  it("names the warehouse holiday when a Friday-evening order waits over the weekend and a holiday Monday", async () => {
    const reply = await estimate({
      sku: "SKU-A",
      quantity: 1,
      destination: BANGKOK,
      at: ts("2026-12-04T15:00:00+07:00"),
      locale: "en-GB",
    });
    expect(reply.options[0]).toEqual({
      ...kerry,
      shipDate: "2026-12-08",
      deliveryEarliest: "2026-12-09",
      deliveryLatest: "2026-12-09",
      orderBy: ts("2026-12-08T14:00:00+07:00"),
      price: thb(40),
      reasons: [
        {
          code: "AFTER_CUTOFF",
          date: "2026-12-04",
          detail: "",
          text: "Ordered after the warehouse's cut-off on Fri 4 Dec",
        },
        // The sample warehouse works Mon-Fri: Saturday and Sunday are its weekly days off.
        {
          code: "WAREHOUSE_DAY_OFF",
          date: "2026-12-05",
          detail: "",
          text: "Warehouse closed on Sat 5 Dec, its weekly day off",
        },
        {
          code: "WAREHOUSE_DAY_OFF",
          date: "2026-12-06",
          detail: "",
          text: "Warehouse closed on Sun 6 Dec, its weekly day off",
        },
        {
          code: "WAREHOUSE_HOLIDAY",
          date: "2026-12-07",
          detail: "King Bhumibol's Birthday (substitute)",
          text: "Warehouse closed for King Bhumibol's Birthday (substitute) on Mon 7 Dec",
        },
      ],
      fastest: true,
      cheapest: false,
      deliveryLabel: "Wed 9 Dec",
    });
  });

  it("offers backorder dates after inbound stock arrives on Monday and is received on Tuesday", async () => {
    const reply = await estimate({
      sku: "SKU-B",
      quantity: 3,
      destination: BANGKOK,
      at: THURSDAY_10AM,
      locale: "en-GB",
    });
    expect(reply).toEqual({
      sku: "SKU-B",
      quantity: 3,
      availability: "AVAILABILITY_BACKORDER",
      pickupOptions: [],
      options: [
        {
          ...kerry,
          shipDate: "2026-12-01",
          deliveryEarliest: "2026-12-02",
          deliveryLatest: "2026-12-02",
          orderBy: ts("2026-12-01T14:00:00+07:00"),
          price: thb(40),
          reasons: [
            {
              code: "INBOUND_STOCK",
              date: "2026-11-30",
              detail: "",
              text: "Ships once new stock arrives on Mon 30 Nov",
            },
            {
              code: "WAREHOUSE_DAY_OFF",
              date: "2026-11-28",
              detail: "",
              text: "Warehouse closed on Sat 28 Nov, its weekly day off",
            },
            {
              code: "WAREHOUSE_DAY_OFF",
              date: "2026-11-29",
              detail: "",
              text: "Warehouse closed on Sun 29 Nov, its weekly day off",
            },
          ],
          fastest: true,
          cheapest: false,
          deliveryLabel: "Wed 2 Dec",
        },
        {
          ...ems,
          shipDate: "2026-12-01",
          deliveryEarliest: "2026-12-02",
          deliveryLatest: "2026-12-04",
          orderBy: ts("2026-12-01T13:00:00+07:00"),
          price: thb(32),
          reasons: [
            {
              code: "INBOUND_STOCK",
              date: "2026-11-30",
              detail: "",
              text: "Ships once new stock arrives on Mon 30 Nov",
            },
            {
              code: "WAREHOUSE_DAY_OFF",
              date: "2026-11-28",
              detail: "",
              text: "Warehouse closed on Sat 28 Nov, its weekly day off",
            },
            {
              code: "WAREHOUSE_DAY_OFF",
              date: "2026-11-29",
              detail: "",
              text: "Warehouse closed on Sun 29 Nov, its weekly day off",
            },
          ],
          fastest: false,
          cheapest: true,
          deliveryLabel: "Wed 2 Dec - Fri 4 Dec",
        },
      ],
    });
  });

  it("answers UNAVAILABLE with no options when neither stock nor inbound lots cover the quantity", async () => {
    for (const [sku, quantity] of [
      ["SKU-A", 6],
      ["SKU-B", 5],
      ["SKU-Z", 1],
    ] as const) {
      const reply = await estimate({ sku, quantity, destination: BANGKOK, at: THURSDAY_10AM });
      expect(reply).toEqual({
        sku,
        quantity,
        availability: "AVAILABILITY_UNAVAILABLE",
        options: [],
        pickupOptions: [],
      });
    }
  });

  it("answers UNAVAILABLE for stock held only in a warehouse with no lane to the destination", async () => {
    const reply = await estimate({
      sku: "SKU-C",
      quantity: 1,
      destination: BANGKOK,
      at: THURSDAY_10AM,
    });
    expect(reply.availability).toBe("AVAILABILITY_UNAVAILABLE");
    expect(reply.options).toEqual([]);
  });

  it("adds the remote-area surcharge and a transit day for a Phuket address", async () => {
    const reply = await estimate({
      sku: "SKU-A",
      quantity: 1,
      destination: { countryCode: "TH", postalCode: "83000" },
      at: THURSDAY_10AM,
      locale: "en-GB",
    });
    expect(reply.options).toEqual([
      {
        ...kerry,
        shipDate: "2026-11-26",
        // 1-2 transit days plus 1 extra: Fri 27, Sat 28 .. (no Sunday) Mon 30
        deliveryEarliest: "2026-11-28",
        deliveryLatest: "2026-11-30",
        orderBy: ts("2026-11-26T14:00:00+07:00"),
        price: thb(90),
        reasons: [
          {
            code: "NON_DELIVERY_DAY",
            date: "2026-11-29",
            detail: "",
            text: "No deliveries on Sun 29 Nov",
          },
          {
            code: "REMOTE_AREA",
            date: "",
            detail: "th-remote",
            text: "Remote area: an extra day in transit and a surcharge",
          },
        ],
        fastest: true,
        cheapest: true,
        deliveryLabel: "Sat 28 Nov - Mon 30 Nov",
      },
    ]);
  });

  it("ships free with Kerry when the cart value reaches its 1,000 THB threshold, and leaves out EMS it now beats", async () => {
    const reply = await estimate({
      sku: "SKU-A",
      quantity: 1,
      destination: BANGKOK,
      at: THURSDAY_10AM,
      locale: "en-GB",
      cartValue: { currencyCode: "THB", units: 1500, nanos: 0 },
    });
    // EMS (Fri 27 - Mon 30 Nov, 32 THB) is dominated by a free Kerry on Fri 27 Nov: hidden.
    expect(reply.options.map((o) => [o.serviceId, o.price, o.cheapest, o.reasons])).toEqual([
      [
        "kerry-express",
        thb(0),
        true,
        [{ code: "FREE_SHIPPING", date: "", detail: "", text: "Free shipping for this cart" }],
      ],
    ]);
  });

  it("prices a Vietnamese order in dong from the Ho Chi Minh City warehouse", async () => {
    const reply = await estimate({
      sku: "SKU-C",
      quantity: 20,
      destination: { countryCode: "VN", postalCode: "700000" },
      at: THURSDAY_10AM,
      locale: "en-GB",
    });
    expect(reply).toEqual({
      sku: "SKU-C",
      quantity: 20,
      availability: "AVAILABILITY_IN_STOCK",
      pickupOptions: [],
      options: [
        {
          serviceId: "ghn-standard",
          serviceName: "GHN standard",
          carrier: "Giao Hang Nhanh",
          level: "SERVICE_LEVEL_STANDARD",
          shipFromWarehouse: "hcm",
          shipDate: "2026-11-26",
          deliveryEarliest: "2026-11-27",
          deliveryLatest: "2026-11-28",
          orderBy: ts("2026-11-26T15:00:00+07:00"),
          price: { currencyCode: "VND", units: 25000, nanos: 0 },
          reasons: [],
          fastest: true,
          cheapest: true,
          deliveryLabel: "Fri 27 Nov - Sat 28 Nov",
          dominated: false,
          dominatedBy: "",
          dominatedLabel: "",
          transitSource: "TRANSIT_SOURCE_NETWORK_FILE",
          deliverOnDates: [],
        },
      ],
    });
  });

  it("labels the delivery in the request's locale, English by default", async () => {
    const base = { sku: "SKU-A", quantity: 1, destination: BANGKOK, at: THURSDAY_10AM };
    const thai = await estimate({ ...base, locale: "th-TH" });
    const plain = await estimate(base);
    expect(thai.options[0]?.deliveryLabel).toBe("ศุกร์ 27 พ.ย.");
    expect(plain.options[0]?.deliveryLabel).toBe("Fri, Nov 27");
  });

  it("gives each reason in words in the request's locale (Thai, Vietnamese)", async () => {
    // The Friday-evening order of above: Sunday 6 Dec is the sample warehouse's weekly day off.
    const base = {
      sku: "SKU-A",
      quantity: 1,
      destination: BANGKOK,
      at: ts("2026-12-04T15:00:00+07:00"),
    };
    const thai = await estimate({ ...base, locale: "th-TH" });
    const vietnamese = await estimate({ ...base, locale: "vi-VN" });
    expect(thai.options[0]?.reasons[2]?.text).toBe("วันหยุดประจำสัปดาห์ของคลังสินค้า (อาทิตย์ 6 ธ.ค.)");
    expect(vietnamese.options[0]?.reasons[2]?.text).toBe(
      "Ngày nghỉ hằng tuần của kho (CN, 6 thg 12)",
    );
  });

  it("uses the service's clock when the request gives no order instant", async () => {
    // The clock is fixed at Friday 20 Nov 2026, 07:00 in Bangkok.
    const reply = await estimate({ sku: "SKU-A", quantity: 1, destination: BANGKOK });
    expect(reply.options[0]).toMatchObject({
      serviceId: "kerry-express",
      shipDate: "2026-11-20",
      deliveryEarliest: "2026-11-21",
      orderBy: ts("2026-11-20T14:00:00+07:00"),
    });
  });

  it("serves a repeated estimate from the cache and never serves it after the stock changes", async () => {
    service.live.stock.upsert({
      sku: "SKU-CACHE",
      warehouseId: "bkk",
      onHand: 1,
      safetyStock: 0,
      inbound: [],
    });
    const request = { sku: "SKU-CACHE", quantity: 1, destination: BANGKOK, at: THURSDAY_10AM };
    const cache = service.server.promiseService.cache;
    const first = await estimate(request);
    const hits = cache.hits;
    const second = await estimate(request);
    expect(cache.hits).toBe(hits + 1);
    expect(second).toEqual(first);
    expect(first.availability).toBe("AVAILABILITY_IN_STOCK");

    service.live.stock.setReserved("SKU-CACHE", "bkk", 1);
    const third = await estimate(request);
    expect(third.availability).toBe("AVAILABILITY_UNAVAILABLE");
  });

  it("skips a ship date the admin made full, never serving the cached answer from before", async () => {
    const request = {
      sku: "SKU-A",
      quantity: 2,
      destination: BANGKOK,
      at: THURSDAY_10AM,
      locale: "en-GB",
    };
    expect((await estimate(request)).options).toEqual(thursdayMorningOptions);
    const thursday = Date.UTC(2026, 10, 26) / 86_400_000;
    service.live.capacity.setCapacity("bkk", undefined, [[thursday, 0]]);
    try {
      const reply = await estimate(request);
      expect(
        reply.options.map((o) => [o.serviceId, o.shipDate, o.deliveryLabel, o.orderBy]),
      ).toEqual([
        ["kerry-express", "2026-11-27", "Sat 28 Nov", ts("2026-11-27T14:00:00+07:00")],
        ["thpost-ems", "2026-11-27", "Sat 28 Nov - Tue 1 Dec", ts("2026-11-27T13:00:00+07:00")],
      ]);
      expect(reply.options[0]?.reasons).toEqual([
        {
          code: "CAPACITY_FULL",
          date: "2026-11-26",
          detail: "",
          text: "The warehouse is fully booked on Thu 26 Nov",
        },
      ]);
    } finally {
      service.live.capacity.clearCapacityOverrides("bkk");
    }
    expect((await estimate(request)).options).toEqual(thursdayMorningOptions);
  });

  describe("rejects bad input naming the field", () => {
    const good = { sku: "SKU-A", quantity: 1, destination: BANGKOK, at: THURSDAY_10AM };
    const cases: Array<[string, EstimateRequest, grpc.status, string]> = [
      ["an empty SKU", { ...good, sku: "" }, grpc.status.INVALID_ARGUMENT, "sku"],
      ["an unknown SKU", { ...good, sku: "NO-SUCH-SKU" }, grpc.status.NOT_FOUND, "sku"],
      ["a zero quantity", { ...good, quantity: 0 }, grpc.status.INVALID_ARGUMENT, "quantity"],
      ["a negative quantity", { ...good, quantity: -3 }, grpc.status.INVALID_ARGUMENT, "quantity"],
      [
        "no destination",
        { ...good, destination: null },
        grpc.status.INVALID_ARGUMENT,
        "destination",
      ],
      [
        "a country that is not served",
        { ...good, destination: { countryCode: "US", postalCode: "10001" } },
        grpc.status.INVALID_ARGUMENT,
        "destination.country_code",
      ],
      [
        "a malformed Thai postal code",
        { ...good, destination: { countryCode: "TH", postalCode: "1011" } },
        grpc.status.INVALID_ARGUMENT,
        "destination.postal_code",
      ],
      [
        "a postal code no zone serves",
        { ...good, destination: { countryCode: "TH", postalCode: "50200" } },
        grpc.status.INVALID_ARGUMENT,
        "destination.postal_code",
      ],
      [
        "an order instant beyond the calendar horizon",
        { ...good, at: ts("2030-01-01T00:00:00Z") },
        grpc.status.INVALID_ARGUMENT,
        "at",
      ],
      [
        "an order instant before the calendar horizon",
        { ...good, at: ts("2025-01-01T00:00:00Z") },
        grpc.status.INVALID_ARGUMENT,
        "at",
      ],
      [
        "a malformed timestamp",
        { ...good, at: { seconds: 1_790_000_000, nanos: 2_000_000_000 } },
        grpc.status.INVALID_ARGUMENT,
        "at",
      ],
      ["a malformed locale", { ...good, locale: "en_GB!" }, grpc.status.INVALID_ARGUMENT, "locale"],
      [
        "a cart value with a bad currency",
        { ...good, cartValue: { currencyCode: "thb", units: 5 } },
        grpc.status.INVALID_ARGUMENT,
        "cart_value.currency_code",
      ],
      [
        "a negative cart value",
        { ...good, cartValue: { currencyCode: "THB", units: -5 } },
        grpc.status.INVALID_ARGUMENT,
        "cart_value",
      ],
    ];
    for (const [what, request, code, field] of cases) {
      it(`answers ${grpc.status[code]} naming ${field} for ${what}`, async () => {
        const err = await estimateError(request);
        expect(err.code).toBe(code);
        expect(fieldOf(err)).toBe(field);
        expect(err.details.startsWith(`${field}: `)).toBe(true);
      });
    }
  });
});

describe("EstimateBatch", () => {
  it("answers one result per item, in order, with each item's own error in place", async () => {
    const reply = await batch({
      items: [
        { sku: "SKU-A", quantity: 2 },
        { sku: "NO-SUCH-SKU", quantity: 1 },
        { sku: "SKU-B", quantity: 0 },
        { sku: "", quantity: 1 },
        { sku: "SKU-C", quantity: 1 },
      ],
      destination: BANGKOK,
      at: THURSDAY_10AM,
      locale: "en-GB",
    });
    expect(reply.results).toEqual([
      {
        result: "estimate",
        estimate: {
          sku: "SKU-A",
          quantity: 2,
          availability: "AVAILABILITY_IN_STOCK",
          pickupOptions: [],
          options: thursdayMorningOptions,
        },
      },
      {
        result: "error",
        error: {
          code: "NOT_FOUND",
          message: "items[1].sku: unknown SKU",
          field: "items[1].sku",
        },
      },
      {
        result: "error",
        error: {
          code: "INVALID_ARGUMENT",
          message: "items[2].quantity: must be at least 1",
          field: "items[2].quantity",
        },
      },
      {
        result: "error",
        error: {
          code: "INVALID_ARGUMENT",
          message: "items[3].sku: must not be empty",
          field: "items[3].sku",
        },
      },
      {
        result: "estimate",
        estimate: {
          sku: "SKU-C",
          quantity: 1,
          availability: "AVAILABILITY_UNAVAILABLE",
          options: [],
          pickupOptions: [],
        },
      },
    ]);
  });

  it("accepts exactly the documented limit of 100 items", async () => {
    const items = Array.from({ length: 100 }, () => ({ sku: "SKU-A", quantity: 1 }));
    const reply = await batch({ items, destination: BANGKOK, at: THURSDAY_10AM });
    expect(reply.results).toHaveLength(100);
    expect(reply.results.every((r) => r.estimate?.availability === "AVAILABILITY_IN_STOCK")).toBe(
      true,
    );
  });

  it("rejects 101 items, and an empty batch, naming items", async () => {
    for (const length of [101, 0]) {
      const items = Array.from({ length }, () => ({ sku: "SKU-A", quantity: 1 }));
      const err = await unaryError(client.EstimateBatch.bind(client), {
        items,
        destination: BANGKOK,
        at: THURSDAY_10AM,
      });
      expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(fieldOf(err)).toBe("items");
    }
  });

  it("rejects the whole batch for a bad destination or order instant", async () => {
    const items = [{ sku: "SKU-A", quantity: 1 }];
    const badPostal = await unaryError(client.EstimateBatch.bind(client), {
      items,
      destination: { countryCode: "TH", postalCode: "ABCDE" },
      at: THURSDAY_10AM,
    });
    expect(badPostal.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldOf(badPostal)).toBe("destination.postal_code");
    const badAt = await unaryError(client.EstimateBatch.bind(client), {
      items,
      destination: BANGKOK,
      at: ts("2031-06-01T00:00:00Z"),
    });
    expect(fieldOf(badAt)).toBe("at");
  });
});
