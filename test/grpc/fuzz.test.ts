import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { FIXTURE_NETWORK, NOW_ISO } from "./grpc-test-helpers.js";
import { ADMIN_TOKEN, bearer, rawClient, rawUnary } from "./hardening-helpers.js";

/**
 * Hostile input against a running service (the real wiring of `startService`): for every unary
 * method of every service in proto/promise/v1 (found in the loaded package definition, so methods
 * added later are fuzzed too), CALLS_PER_METHOD calls with random bytes, truncated and corrupted
 * encodings of random messages, and well-formed messages with random field values, with and
 * without an admin token. The server must answer every call with a client-error status (or OK) —
 * never INTERNAL or UNKNOWN — must keep running, and a refused call must change nothing.
 */
const CALLS_PER_METHOD = 300;
/** Methods whose accepted calls are slow by design: fewer calls, a longer time limit. */
const SLOW_METHODS = new Set(["/promise.v1.AdminService/RefreshLearnedTransit"]);
const SLOW_CALLS = 60;
const SEED = 20261120;

const ACCEPTABLE = new Set<grpc.status>([
  grpc.status.OK,
  grpc.status.INVALID_ARGUMENT,
  grpc.status.NOT_FOUND,
  grpc.status.FAILED_PRECONDITION,
  grpc.status.OUT_OF_RANGE,
  grpc.status.ALREADY_EXISTS,
  grpc.status.ABORTED,
  grpc.status.RESOURCE_EXHAUSTED,
  // a method declared in the .proto whose handler is not written yet
  grpc.status.UNIMPLEMENTED,
  grpc.status.UNAUTHENTICATED,
  grpc.status.PERMISSION_DENIED,
]);

// ---- random messages from the descriptors --------------------------------------------------

interface FieldDescriptor {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly typeName: string;
}

interface TypeEntry {
  readonly format: string;
  readonly type: { field?: FieldDescriptor[]; value?: Array<{ name: string; number: number }> };
}

const { packageDefinition } = loadProto();

function typeEntry(typeName: string): TypeEntry {
  const name = typeName.replace(/^\./, "");
  const entry = (packageDefinition[name] ?? packageDefinition[`promise.v1.${name}`]) as
    | TypeEntry
    | undefined;
  if (entry === undefined) throw new Error(`unknown type ${typeName}`);
  return entry;
}

const NOW_S = Math.floor(Date.parse(NOW_ISO) / 1000);

/** Values that mean something to the fixture network, and values that mean trouble. */
const STRINGS = [
  "",
  "SKU-A",
  "SKU-B",
  "SKU-C",
  "SKU-Z",
  "bkk",
  "hcm",
  "TH",
  "VN",
  "10110",
  "700000",
  "kerry-express",
  "thpost-ems",
  "2026-11-27",
  "2026-12-07",
  "2026-02-30",
  "9999-99-99",
  "THB",
  "VND",
  "en-GB",
  "th-TH",
  "idem-1",
  " ",
  "\u0000",
  "💥",
  "x".repeat(300),
];

const stringArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);

const int32Arb = fc.oneof(
  fc.integer({ min: -3, max: 120 }),
  fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648),
);
const uint32Arb = fc.oneof(fc.nat(120), fc.constantFrom(0, 4_294_967_295));
const int64Arb = fc.oneof(
  fc.integer({ min: -3, max: 1_000 }),
  fc.integer({ min: NOW_S - 86_400 * 30, max: NOW_S + 86_400 * 60 }),
  fc.constantFrom(0, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 253_402_300_800),
);
const doubleArb = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e308),
);

/** Plausible values by field name, so that a good share of the messages get past validation. */
const HINTS: Record<string, fc.Arbitrary<unknown>> = {
  sku: fc.constantFrom("SKU-A", "SKU-B", "SKU-C", "SKU-Z"),
  quantity: fc.integer({ min: 1, max: 6 }),
  countryCode: fc.constantFrom("TH", "VN"),
  postalCode: fc.constantFrom("10110", "83000", "50000", "700000", "100000"),
  destination: fc.constantFrom(
    { countryCode: "TH", postalCode: "10110" },
    { countryCode: "TH", postalCode: "83000" },
    { countryCode: "VN", postalCode: "700000" },
  ),
  warehouseId: fc.constantFrom("bkk", "hcm"),
  serviceId: fc.constantFrom("kerry-express", "thpost-ems"),
  currencyCode: fc.constantFrom("THB", "VND"),
  locale: fc.constantFrom("en-GB", "th-TH", "vi-VN"),
  date: fc.constantFrom("2026-11-23", "2026-11-27", "2026-12-07"),
  eta: fc.constantFrom("2026-11-23", "2026-11-30"),
  // a few keys, so that retries and reuse with another request happen
  idempotencyKey: fc.constantFrom("fuzz-1", "fuzz-2", "fuzz-3"),
  shownDeliveryLatest: fc.constantFrom("", "2026-11-27", "2026-12-31"),
  seconds: fc.integer({ min: NOW_S - 86_400 * 7, max: NOW_S + 86_400 * 30 }),
  nanos: fc.integer({ min: 0, max: 999_999_999 }),
  onHand: fc.integer({ min: 0, max: 50 }),
  value: fc.integer({ min: 0, max: 50 }),
  dailyCapacity: fc.integer({ min: 0, max: 50 }),
};

function fieldArb(field: FieldDescriptor, depth: number): fc.Arbitrary<unknown> {
  const hint = HINTS[field.name];
  const any = anyValueArb(field, depth);
  return hint === undefined
    ? any
    : fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: any });
}

function anyValueArb(field: FieldDescriptor, depth: number): fc.Arbitrary<unknown> {
  switch (field.type) {
    case "TYPE_STRING":
      return stringArb;
    case "TYPE_BYTES":
      return fc.uint8Array({ maxLength: 16 }).map((a) => Buffer.from(a));
    case "TYPE_BOOL":
      return fc.boolean();
    case "TYPE_INT32":
    case "TYPE_SINT32":
    case "TYPE_SFIXED32":
      return int32Arb;
    case "TYPE_UINT32":
    case "TYPE_FIXED32":
      return uint32Arb;
    case "TYPE_INT64":
    case "TYPE_SINT64":
    case "TYPE_SFIXED64":
      return int64Arb;
    case "TYPE_UINT64":
    case "TYPE_FIXED64":
      return fc.oneof(fc.nat(1_000), fc.constantFrom(Number.MAX_SAFE_INTEGER));
    case "TYPE_DOUBLE":
    case "TYPE_FLOAT":
      return doubleArb;
    case "TYPE_ENUM": {
      const values = typeEntry(field.typeName).type.value ?? [];
      return fc.oneof(
        fc.constantFrom(...values.map((v) => v.name)),
        fc.integer({ min: -1, max: values.length + 2 }),
      );
    }
    case "TYPE_MESSAGE":
      return depth >= 4 ? fc.constant(undefined) : messageArb(field.typeName, depth + 1);
    default:
      throw new Error(`no generator for ${field.type}`);
  }
}

const messageArbs = new Map<string, fc.Arbitrary<Record<string, unknown>>>();

function messageArb(typeName: string, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const key = `${typeName}@${depth}`;
  const known = messageArbs.get(key);
  if (known !== undefined) return known;
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of typeEntry(typeName).type.field ?? []) {
    const one = fieldArb(field, depth);
    shape[field.name] = field.label === "LABEL_REPEATED" ? fc.array(one, { maxLength: 4 }) : one;
  }
  const arb = fc.record(shape, { requiredKeys: [] });
  messageArbs.set(key, arb);
  return arb;
}

// ---- the methods --------------------------------------------------------------------------

interface UnaryMethod {
  readonly path: string;
  readonly service: string;
  readonly requestType: string;
  readonly serialize: (value: object) => Buffer;
}

function unaryMethods(): UnaryMethod[] {
  const methods: UnaryMethod[] = [];
  for (const [name, entry] of Object.entries(packageDefinition)) {
    if ("format" in entry) continue;
    for (const method of Object.values(entry as grpc.ServiceDefinition)) {
      if (method.requestStream || method.responseStream) continue;
      const requestType = (method as unknown as { requestType: { type: { name: string } } })
        .requestType.type.name;
      methods.push({
        path: method.path,
        service: name,
        requestType: `${name.slice(0, name.lastIndexOf("."))}.${requestType}`,
        serialize: method.requestSerialize as (value: object) => Buffer,
      });
    }
  }
  return methods;
}

function encodeOrEmpty(method: UnaryMethod, value: object): Buffer {
  try {
    return method.serialize(value);
  } catch {
    return Buffer.alloc(0);
  }
}

function requestBytes(method: UnaryMethod): fc.Arbitrary<Buffer> {
  const message = messageArb(method.requestType).map((m) => encodeOrEmpty(method, m));
  return fc.oneof(
    // random bytes
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) },
    // a random message, cut short
    {
      weight: 1,
      arbitrary: message.chain((bytes) =>
        fc.nat(bytes.length).map((n) => Buffer.from(bytes.subarray(0, n))),
      ),
    },
    // a random message with a few bytes overwritten
    {
      weight: 1,
      arbitrary: message.chain((bytes) =>
        fc
          .array(
            fc.tuple(fc.nat(Math.max(bytes.length - 1, 0)), fc.integer({ min: 0, max: 255 })),
            { minLength: 1, maxLength: 4 },
          )
          .map((edits) => {
            const copy = Buffer.from(bytes);
            for (const [at, value] of edits) if (at < copy.length) copy[at] = value;
            return copy;
          }),
      ),
    },
    // a well-formed message with random (often plausible) field values
    { weight: 3, arbitrary: message },
  );
}

const credentialsArb = fc.constantFrom("admin", "none", "bogus");

function metadataFor(credentials: string): grpc.Metadata {
  if (credentials === "admin") return bearer(ADMIN_TOKEN);
  if (credentials === "bogus") return bearer("not-a-real-token-at-all");
  return new grpc.Metadata();
}

// ---- the server ---------------------------------------------------------------------------

let dir: string;
let service: RunningService;
let client: grpc.Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "promise-fuzz-"));
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_NETWORK_FILE: FIXTURE_NETWORK,
    PROMISE_FIXED_NOW: NOW_ISO,
    PROMISE_LOG_LEVEL: "silent",
    PROMISE_SQLITE_PATH: join(dir, "promise.db"),
    PROMISE_TOKENS: JSON.stringify([{ name: "fuzz", role: "admin", token: ADMIN_TOKEN }]),
  });
  service = await startService(config, createLogger(config));
  // The first learned-transit rebuild (on a worker thread) swaps in after start-up: wait for it,
  // so that a snapshot taken around a refused call sees only what that call did.
  await vi.waitFor(() => expect(service.live.current.generation).toBeGreaterThan(1), {
    timeout: 20_000,
  });
  client = rawClient(`127.0.0.1:${service.port}`);
});

afterAll(async () => {
  client?.close();
  await service?.stop(1000);
  rmSync(dir, { recursive: true, force: true });
});

/**
 * What a refused call must leave alone: the in-memory view's versions, and the store's change
 * sequence (every committed write to stock, capacity, load or promises moves it).
 */
async function snapshot() {
  const live = service.live;
  return {
    stockVersion: live.stock.version,
    capacityVersion: live.capacity.version,
    networkVersion: live.network.version,
    generation: live.current.generation,
    storeSeq: await service.store.currentSeq(),
  };
}

const METHODS = unaryMethods();

describe("hostile input", () => {
  it("finds the unary methods of every service in the package definition", () => {
    const paths = METHODS.map((m) => m.path);
    expect(paths).toContain("/promise.v1.PromiseService/Estimate");
    expect(paths).toContain("/promise.v1.AdminService/UpsertStock");
    expect(paths).toContain("/promise.v1.PromiseService/CancelPromise");
    expect(paths).toContain("/promise.v1.PromiseService/FulfilPromise");
    expect(paths).not.toContain("/promise.v1.PeakPlannerService/Simulate");
  });

  for (const method of METHODS) {
    it(
      `answers ${method.path} with a proper status for any bytes, and refusals change nothing`,
      async () => {
        await fc.assert(
          fc.asyncProperty(requestBytes(method), credentialsArb, async (bytes, credentials) => {
            const before = await snapshot();
            const reply = await rawUnary(client, method.path, bytes, metadataFor(credentials));
            expect(
              ACCEPTABLE.has(reply.code),
              `${method.path} answered ${grpc.status[reply.code]}: ${reply.details}`,
            ).toBe(true);
            if (reply.code !== grpc.status.OK) expect(await snapshot()).toEqual(before);
          }),
          {
            numRuns: SLOW_METHODS.has(method.path) ? SLOW_CALLS : CALLS_PER_METHOD,
            seed: SEED,
            endOnFailure: true,
          },
        );
        // Each accepted RefreshLearnedTransit rebuilds on a new worker thread (about half a second).
      },
      SLOW_METHODS.has(method.path) ? 120_000 : undefined,
    );
  }

  it("is still serving afterwards", async () => {
    const reply = await rawUnary(
      client,
      "/promise.v1.PromiseService/Estimate",
      encodeOrEmpty(METHODS.find((m) => m.path.endsWith("/Estimate"))!, {
        sku: "SKU-A",
        quantity: 1,
        destination: { countryCode: "TH", postalCode: "10110" },
      }),
    );
    expect(reply.code).toBe(grpc.status.OK);
  });
});
