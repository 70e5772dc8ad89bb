import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { MAX_STATUS_BYTES } from "../../src/grpc/error-status.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { STRING_LIMITS } from "../../src/grpc/request-string-limits.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { encodeRequest } from "./hardening-helpers.js";
import { RawHttp2Client } from "./raw-http2-client.js";

/**
 * Issue 10, point 1: one caller's over-long string must not stall the connection it came on.
 * Every string field of every request of the public, admin and planner services (found in the
 * loaded descriptors, so fields added later are covered) gets a 100,000-character value; the
 * call must be refused promptly with a small status naming the field and its limit, and ordinary
 * calls on the same HTTP/2 connection must then succeed promptly.
 */

// Wednesday 2026-11-25 10:00 in Bangkok.
const NOW = "2026-11-25T03:00:00Z";
const LONG = 100_000;
const DESTINATION = { countryCode: "TH", postalCode: "30000", province: "" };
const CART_VALUE = { currencyCode: "THB", units: 100, nanos: 0 };

/** A valid request of each method, with every repeated field holding one element. */
const BASELINES: Record<string, object> = {
  "/promise.v1.PromiseService/Estimate": {
    sku: "SKU-TSHIRT-001",
    quantity: 1,
    destination: DESTINATION,
    locale: "th-TH",
    cartValue: CART_VALUE,
  },
  "/promise.v1.PromiseService/EstimateBatch": {
    items: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
    destination: DESTINATION,
    locale: "th-TH",
    cartValue: CART_VALUE,
  },
  "/promise.v1.PromiseService/QuoteCart": {
    lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
    destination: DESTINATION,
    locale: "th-TH",
    cartValue: CART_VALUE,
  },
  "/promise.v1.PromiseService/ConfirmPromise": {
    idempotencyKey: "oversized-1",
    lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
    destination: DESTINATION,
    serviceId: "kerry-express",
    shownDeliveryLatest: "2026-11-26",
    cartValue: CART_VALUE,
  },
  "/promise.v1.PromiseService/GetPromise": { id: "prm_x" },
  "/promise.v1.PromiseService/CancelPromise": { id: "prm_x" },
  "/promise.v1.PromiseService/FulfilPromise": { id: "prm_x" },
  "/promise.v1.AdminService/UpsertStock": {
    rows: [
      {
        sku: "SKU-TSHIRT-001",
        warehouseId: "bkk-1",
        onHand: 5,
        inbound: [{ quantity: 1, eta: "2026-12-01" }],
        version: 1,
      },
    ],
  },
  "/promise.v1.AdminService/SetCapacity": {
    warehouseId: "bkk-1",
    dailyCapacity: 500,
    overrides: [{ date: "2026-12-01", value: 400 }],
  },
  "/promise.v1.AdminService/SetBookedLoad": {
    warehouseId: "bkk-1",
    loads: [{ date: "2026-12-01", value: 1 }],
  },
  "/promise.v1.AdminService/GetWarehouseThroughput": { warehouseId: "bkk-1", days: 7 },
  "/promise.v1.AdminService/RecordShipmentEvents": {
    events: [
      {
        eventId: "ev-1",
        promiseId: "prm_x",
        warehouseId: "bkk-1",
        kind: "SHIPMENT_EVENT_KIND_SHIPPED",
        occurredAt: { seconds: 1_796_000_000, nanos: 0 },
        serviceId: "kerry-express",
        trackingNumber: "KEX1",
      },
    ],
  },
  "/promise.v1.AdminService/ImportShipments": {
    rows: [
      {
        originWarehouse: "bkk-1",
        service: "kerry-express",
        destinationCountry: "TH",
        destinationPostalCode: "50000",
        shipDate: "2026-11-02",
        delivered: "2026-11-03",
        promisedLatest: "2026-11-04",
      },
    ],
  },
  "/promise.v1.AdminService/GetAccuracy": { fromDate: "2026-11-01", toDate: "2026-11-30" },
  "/promise.v1.AdminService/WatchPromiseEvents": { afterSequence: 0 },
  "/promise.v1.AdminService/ListPromises": {
    warehouseId: "bkk-1",
    serviceId: "kerry-express",
    shipDateFrom: "2026-11-01",
    shipDateTo: "2026-11-30",
    pageSize: 10,
    pageToken: "x",
  },
  "/promise.v1.PeakPlannerService/Simulate": { scenarioYaml: "name: x" },
};

const ORDINARY = encodeRequest("/promise.v1.PromiseService/Estimate", {
  sku: "SKU-TSHIRT-001",
  quantity: 1,
  destination: DESTINATION,
});

interface StringField {
  /** As in statuses: `lines[0].sku`. */
  readonly path: string;
  /** As in STRING_LIMITS: `promise.v1.CartLine.sku`. */
  readonly limitKey: string;
}

interface Descriptor {
  readonly type: {
    readonly field?: readonly { name: string; label: string; type: string; typeName: string }[];
  };
}

const { packageDefinition } = loadProto();
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function stringFields(typeName: string, at = ""): StringField[] {
  const entry = packageDefinition[typeName] as Descriptor | undefined;
  const found: StringField[] = [];
  for (const f of entry?.type.field ?? []) {
    const path = `${at}${snake(f.name)}${f.label === "LABEL_REPEATED" ? "[0]" : ""}`;
    if (f.type === "TYPE_STRING") found.push({ path, limitKey: `${typeName}.${snake(f.name)}` });
    if (f.type === "TYPE_MESSAGE") {
      // Relative (`Destination`) or full (`google.protobuf.Timestamp`) names.
      const inner = packageDefinition[`promise.v1.${f.typeName}`]
        ? `promise.v1.${f.typeName}`
        : f.typeName;
      found.push(...stringFields(inner, `${path}.`));
    }
  }
  return found;
}

interface MethodEntry {
  readonly path: string;
  readonly requestType: { readonly type: { readonly name: string } };
  readonly responseStream: boolean;
}

/** Every method of the promise.v1 services, with its request type's full name. */
function methods(): Array<{ path: string; requestType: string }> {
  const list: Array<{ path: string; requestType: string }> = [];
  for (const [name, value] of Object.entries(packageDefinition)) {
    if (!name.startsWith("promise.v1.") || "format" in value) continue;
    for (const method of Object.values(value as Record<string, MethodEntry>)) {
      list.push({ path: method.path, requestType: `promise.v1.${method.requestType.type.name}` });
    }
  }
  return list;
}

/** `request` with `value` at `path` (for example `rows[0].inbound[0].eta`). */
function withValue(request: object, path: string, value: string): object {
  const copy = structuredClone(request) as Record<string, unknown>;
  const keys = path.split(".");
  let at: Record<string, unknown> = copy;
  for (let i = 0; i < keys.length; i++) {
    const m = /^([a-z_]+)(\[0\])?$/.exec(keys[i]!)!;
    const key = m[1]!.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const last = i === keys.length - 1;
    if (m[2] !== undefined) {
      const list = (at[key] as unknown[] | undefined) ?? [{}];
      at[key] = list;
      if (last) list[0] = value;
      else at = list[0] as Record<string, unknown>;
    } else if (last) {
      at[key] = value;
    } else {
      at[key] = (at[key] as Record<string, unknown> | undefined) ?? {};
      at = at[key] as Record<string, unknown>;
    }
  }
  return copy;
}

const cases = methods().flatMap((m) =>
  stringFields(m.requestType).map((f) => ({ method: m.path, ...f })),
);

describe("string limits", () => {
  it("give every string field of every request a documented limit", () => {
    const unlisted = cases.filter((c) => STRING_LIMITS[c.limitKey] === undefined);
    expect(unlisted.map((c) => c.limitKey)).toEqual([]);
    // Sanity: the walk found the fields the issue names.
    expect(cases.map((c) => `${c.method.split("/")[2]} ${c.path}`)).toEqual(
      expect.arrayContaining([
        "Estimate destination.postal_code",
        "EstimateBatch items[0].sku",
        "ConfirmPromise idempotency_key",
        "ConfirmPromise service_id",
        "GetPromise id",
        "UpsertStock rows[0].warehouse_id",
        "Estimate locale",
        "Simulate scenario_yaml",
      ]),
    );
  });
});

describe("a 100,000-character value in each string field of each request", () => {
  let service: RunningService;
  let client: RawHttp2Client;

  beforeAll(async () => {
    const config = loadConfig({
      PROMISE_ADDRESS: "127.0.0.1:0",
      PROMISE_SQLITE_PATH: tempSqlitePath(),
      PROMISE_FIXED_NOW: NOW,
      PROMISE_LOG_LEVEL: "silent",
      PROMISE_INSECURE_ADMIN: "true",
    });
    service = await startService(config, createLogger(config));
    client = new RawHttp2Client(`127.0.0.1:${service.port}`);
  });

  afterAll(async () => {
    client?.close();
    await service?.stop(1000);
  });

  it("covers every method of the public, admin and planner services", () => {
    const covered = new Set(cases.map((c) => c.method));
    const withStrings = methods().filter((m) => stringFields(m.requestType).length > 0);
    expect([...covered].sort()).toEqual(withStrings.map((m) => m.path).sort());
    for (const method of covered) expect(BASELINES[method], method).toBeDefined();
  });

  it.each(cases)(
    "$method $path: refused with a small status, and the connection still serves promptly",
    async ({ method, path, limitKey }) => {
      const baseline = BASELINES[method]!;
      // Half Thai (three bytes in UTF-8, nine once percent-encoded), half ASCII.
      const value = "ก".repeat(LONG / 2) + "A".repeat(LONG / 2);
      const reply = await client.call(
        method,
        encodeRequest(method, withValue(baseline, path, value)),
      );
      const limit = STRING_LIMITS[limitKey]!;
      if (limit < LONG) {
        expect(reply).toMatchObject({
          code: 3,
          message: `${path}: must be at most ${limit} characters, got ${LONG}`,
          field: path,
        });
        // Refused at decode: no handler, no parsing.
        expect(reply.ms).toBeLessThan(1_000);
      } else {
        // Within its limit (a scenario's YAML, which is parsed): an answer, whatever it says.
        expect(reply.code).toBeGreaterThanOrEqual(0);
      }
      expect(reply.statusBytes).toBeLessThanOrEqual(MAX_STATUS_BYTES);

      for (let i = 0; i < 3; i++) {
        const ordinary = await client.call("/promise.v1.PromiseService/Estimate", ORDINARY, 2_000);
        expect(ordinary.code).toBe(0);
        expect(ordinary.ms).toBeLessThan(1_000);
      }
    },
  );

  it("refuses a scenario over its 1,000,000-character limit before parsing it, on a stream", async () => {
    const method = "/promise.v1.PeakPlannerService/Simulate";
    const yaml = `name: x\n# ${"y".repeat(1_000_000)}`;
    const reply = await client.call(method, encodeRequest(method, { scenarioYaml: yaml }));
    expect(reply).toMatchObject({
      code: 3,
      message: `scenario_yaml: must be at most 1000000 characters, got ${yaml.length}`,
      field: "scenario_yaml",
    });
    const ordinary = await client.call("/promise.v1.PromiseService/Estimate", ORDINARY, 2_000);
    expect(ordinary.code).toBe(0);
  });
});
